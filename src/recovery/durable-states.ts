// Every durable state a Maestro process moves through, and who takes it over when its owner dies (invariant 9).
// A status column or a lease column the migrations create must be listed here — durable-states.test.ts reads the
// schema and fails otherwise — so a new durable state gets recovery by construction. docs/recovery.md explains each.
import { conversationSweep } from "./conversation-sweep.ts";
import { confirmedActionsSweep } from "../slack/cards/recover-cards.ts";
import type { Sweep } from "./sweep.ts";

/** How a non-terminal value is taken over after its owner dies. */
export type Coverage =
  /** A sweep in this registry: run once at start-up and on the recovery schedule (recovery.ts). */
  | { by: "sweep"; sweep: Sweep }
  /** An existing scheduled job already takes it over (named as in scheduler/job-list.ts); not run twice. */
  | { by: "job"; job: string }
  /** Declared, not built yet: the helper named builds it. Listed by the test; remove once the sweep exists. */
  | { by: "planned"; owner: string };

export interface DurableState {
  table: string;
  /** The status column, or a lease's expiry column. */
  column: string;
  /** Values that end the state: nothing left to do. */
  terminal: readonly string[];
  /** Each non-terminal value (for a lease: "held"), with what takes it over. */
  live: Readonly<Record<string, Coverage>>;
  /** Who moves it along while alive, and how its death is noticed (for the docs and the reader). */
  owner: string;
  death: string;
}

const job = (name: string): Coverage => ({ by: "job", job: name });
const conversations: Coverage = { by: "sweep", sweep: conversationSweep };

/**
 * Statuses a person decides, not a process: nobody holds them, so nothing is stranded when a process dies.
 * Listed so the schema test can tell them from a process's state.
 */
export const BUSINESS_STATES: Readonly<Record<string, string>> = {
  role_requests: "decided by an admin (Approve/Reject); no process holds a request",
  contacts: "a contact's lifecycle, moved by people and workflow rules in one transaction each",
  intake_requests: "an intake's pipeline, moved by people and tools in one transaction each",
  maestro_availability: "a slot's state, changed in one transaction with its booking",
  bookings: "a booking, created or cancelled in one transaction",
  workflow_executions: "a record written once with its outcome; never left in progress",
};

/**
 * The process-held states. A module that owns a state adds its sweep here (`{ by: "sweep", sweep: mySweep }`), replacing
 * a "planned" entry or adding a value; the recovery job runs every sweep listed, once each.
 */
export const DURABLE_STATES: readonly DurableState[] = [
  {
    table: "agent_runs",
    column: "status",
    terminal: ["completed", "failed"],
    live: { running: conversations, awaiting_confirmation: job("cards.expire") },
    owner: "the process answering the turn, holding the conversation's lease",
    death: "the conversation's lease expired (it is renewed while the turn lives) or a newer run started there",
  },
  {
    table: "agent_runs",
    column: "stop_requested_at",
    terminal: [],
    live: { requested: conversations },
    owner:
      "the process running the run: aborted at once when the Stop was asked there, else found by its poll (stopPollMs); it ends the run at its next step boundary",
    death: "the run's holder died: the conversation sweep ends the run as interrupted, so the request needs no one else",
  },
  {
    table: "conversations",
    column: "busy_until",
    terminal: [],
    live: { held: conversations },
    owner: "the turn holding the conversation (busy_run_id is its token), renewed while it runs",
    death: "busy_until in the past",
  },
  {
    table: "conversation_inbox",
    column: "status",
    terminal: ["done"],
    live: {
      queued: conversations,
      taken: conversations,
    },
    owner: "the holder of the conversation's lease answers what queued behind it",
    death: "the conversation's lease is free or expired while messages wait",
  },
  {
    table: "pending_actions",
    column: "status",
    terminal: ["cancelled", "expired", "executed", "failed"],
    live: { pending: job("cards.expire"), confirmed: { by: "sweep", sweep: confirmedActionsSweep } },
    owner:
      "pending: the humans who may click, until expires_at; confirmed: the process executing the click, holding the row FOR UPDATE from its transaction's start to the commit that writes and settles it",
    death:
      "pending: expires_at passes; confirmed: claimed over a minute ago and no session holds the row (docs/recovery.md, Pending actions)",
  },
  {
    table: "digest_runs",
    column: "status",
    terminal: ["posted"],
    live: { claimed: job("digest.catch-up"), failed: job("digest.catch-up") },
    owner: "the process that claimed the channel's day (claimed_by)",
    death: "a claim older than the digest's stale window; a failure is retried with back-off up to its attempts",
  },
  {
    table: "slack_outbox",
    column: "status",
    terminal: ["SENT", "FAILED", "DRY_RUN"],
    live: { QUEUED: job("outbox.slack") },
    owner: "the drain's transaction (rows locked FOR UPDATE SKIP LOCKED)",
    death: "the transaction rolls back with its connection; the row is QUEUED again for the next drain",
  },
  {
    table: "slack_outbox",
    column: "claimed_until",
    terminal: [],
    live: { held: job("outbox.slack") },
    owner: "the drain posting the row (claimed_by), or Slack's Retry-After a rate-limited post waits out",
    death: "claimed_until in the past: another drain takes the row over",
  },
  {
    table: "ops_alerts",
    column: "status",
    terminal: ["POSTED", "FOLDED", "FAILED"],
    live: { CLAIMED: job("alerts") },
    owner: "the alerts drain that claimed the item (claimed_by, claimed_until); the insert of the row is the claim",
    death: "claimed_until in the past (or Slack's Retry-After over): the next drain on any replica posts it",
  },
  {
    table: "ops_alerts",
    column: "claimed_until",
    terminal: [],
    live: { held: job("alerts") },
    owner: "the alerts drain posting the alert",
    death: "claimed_until in the past",
  },
  {
    table: "email_outbox",
    column: "status",
    terminal: ["SENT", "FAILED", "DRY_RUN"],
    live: { QUEUED: job("outbox.email") },
    owner: "the drain that claimed the row (claimed_by, claimed_until)",
    death: "claimed_until in the past: another drain takes the row over",
  },
  {
    table: "email_outbox",
    column: "claimed_until",
    terminal: [],
    live: { held: job("outbox.email") },
    owner: "the drain sending the row",
    death: "claimed_until in the past",
  },
];

/** Every sweep of the registry, once each (one sweep may cover several states). */
export function sweepsOf(states: readonly DurableState[]): Sweep[] {
  const sweeps = new Set<Sweep>();
  for (const state of states) for (const coverage of Object.values(state.live)) if (coverage.by === "sweep") sweeps.add(coverage.sweep);
  return [...sweeps];
}
