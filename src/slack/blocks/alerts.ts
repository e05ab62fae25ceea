// Ops-channel alerts: a new intake, a role request, a failed workflow run — each with the buttons to act on it while it
// is still open — and the one summary a burst is folded into. Text from outside (a prospect's goals, a requester's
// reason, a rule's error) is quoted and attributed, never worded as Maestro's own.
import type { Button, KnownBlock } from "@slack/types";
import type { AlertKind } from "../../domain/alerts/alert-store.ts";
import type { AlertView, FailureAlertView, IntakeAlertView, RoleAlertView } from "../../alerts/alert-views.ts";
import { ACTIONS, BLOCKS, COMMAND, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { formatTime, type TimeOptions } from "./format.ts";
import { actions, button, confirmDialog, context, message, section, type Message } from "./kit.ts";
import { clip, codeBlock, oneLine, safeText } from "./limits.ts";

/** Goals and reasons are clipped to this in an alert (the list and detail show more). */
export const ALERT_QUOTE_MAX = 500;

/** "> line" for each line of outside text, escaped and clipped: a quotation, visibly someone else's words. */
const quoted = (text: string, max = ALERT_QUOTE_MAX) =>
  safeText(text.trim(), max)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");

const name = (text: string | null | undefined, max = 120) => safeText(oneLine(text ?? ""), max) || "someone";
/** A name someone outside typed, in quotes: it names them, it never becomes part of Maestro's own sentence. */
const quotedName = (text: string | null | undefined, max = 120) => `“${name(text, max)}”`;

/** Where a burst's summary points: the list that holds every item of the kind. */
export const BURST_LISTS: Record<AlertKind, { noun: [string, string]; command: string }> = {
  intake: { noun: ["new intake", "new intakes"], command: `${COMMAND} queue` },
  role_request: { noun: ["role request", "role requests"], command: `${COMMAND} approvals` },
  workflow_failure: { noun: ["workflow failure", "workflow failures"], command: `${COMMAND} workflows` },
};

const STEP_BUTTONS = [
  { to: "TRIAGED", text: "Triage", action: ACTIONS.alertIntakeTriage },
  { to: "QUALIFIED", text: "Qualify", action: ACTIONS.alertIntakeQualify },
] as const;
const STATUS_ORDER = ["NEW", "TRIAGED", "QUALIFIED"];

function intakeButtons(i: IntakeAlertView): Button[] {
  const at = STATUS_ORDER.indexOf(i.status);
  if (at < 0) return [];
  const label = clip(`intake #${i.id} from ${oneLine(i.name)}`, 300);
  const value = encodeButtonValue({ id: i.id, label });
  const steps = STEP_BUTTONS.filter((b) => STATUS_ORDER.indexOf(b.to) > at).map((b) =>
    button({ text: b.text, actionId: actionId(b.action, i.id), value, accessibilityLabel: `${b.text} ${label}` }),
  );
  return [
    ...steps,
    button({
      text: "Assign to me",
      actionId: actionId(ACTIONS.alertIntakeAssign, i.id),
      value,
      accessibilityLabel: `Assign ${label} to me`,
    }),
    button({
      text: "Reject…",
      style: "danger",
      actionId: actionId(ACTIONS.alertIntakeReject, i.id),
      value,
      accessibilityLabel: `Reject ${label}`,
    }),
  ];
}

export function intakeAlert(i: IntakeAlertView, opts: TimeOptions): Message {
  const who = `from ${quotedName(i.name)}${i.email ? ` · ${safeText(i.email, 200)}` : ""}`;
  const lines = [`:inbox_tray: *New intake* #${i.id} — ${who}`, `Audience: ${i.audience ? name(i.audience, 100) : "not given"}`];
  if (i.goals?.trim()) lines.push("Their goals, in their words:", quoted(i.goals));
  const state = `${i.status === "NEW" ? "New" : `*${i.status}*`} · ${i.owner ? `owner ${name(i.owner)}` : "no owner"} · arrived ${formatTime(i.createdAt, opts)}`;
  const buttons = intakeButtons(i);
  const blocks: KnownBlock[] = [section(lines.join("\n"), { block_id: blockId(BLOCKS.alert, `intake-${i.id}`) }), context(state)];
  if (buttons.length) blocks.push(actions(blockId(BLOCKS.alertActions, `intake-${i.id}`), buttons));
  return message(`New intake #${i.id} from ${oneLine(i.name)} (${i.status})`, blocks);
}

function roleButtons(r: RoleAlertView): Button[] {
  const summary = `${oneLine(r.userName)}'s request for the ${r.role} role`;
  const admin = r.role === "ADMIN";
  return [
    button({
      text: "Approve",
      style: "primary",
      actionId: actionId(ACTIONS.roleApprove, r.id),
      value: encodeButtonValue({ id: r.id }),
      accessibilityLabel: `Approve ${summary}`,
      ...(admin
        ? {
            confirm: confirmDialog({
              title: "Grant ADMIN?",
              text: `Approve ${summary}? ADMINs can approve role requests and confirm every gated action. This takes effect at once.`,
              confirm: "Approve ADMIN",
              danger: true,
            }),
          }
        : {}),
    }),
    button({
      text: "Reject…",
      style: "danger",
      actionId: actionId(ACTIONS.roleReject, r.id),
      value: encodeButtonValue({ id: r.id, label: clip(summary, 300) }),
      accessibilityLabel: `Reject ${summary}`,
    }),
  ];
}

export function roleAlert(r: RoleAlertView, opts: TimeOptions): Message {
  const lines = [
    `:key: *Role request* #${r.id} for *${safeText(r.role, 50)}* — from ${quotedName(r.userName)} (${safeText(r.email, 200)})`,
  ];
  if (r.reason?.trim()) lines.push("Their reason, in their words:", quoted(r.reason));
  const blocks: KnownBlock[] = [section(lines.join("\n"), { block_id: blockId(BLOCKS.alert, `role-${r.id}`) })];
  if (r.status === "PENDING") {
    blocks.push(context(`Pending · asked ${formatTime(r.submittedAt, opts)}`));
    blocks.push(actions(blockId(BLOCKS.alertActions, `role-${r.id}`), roleButtons(r)));
  } else {
    const why = r.decisionReason ? ` — “${safeText(oneLine(r.decisionReason), 300)}”` : "";
    blocks.push(context(`*${r.status}* by ${name(r.decidedBy)}${r.decidedAt ? ` · ${formatTime(r.decidedAt, opts)}` : ""}${why}`));
  }
  return message(`Role request #${r.id}: ${oneLine(r.userName)} asks for ${r.role} (${r.status})`, blocks);
}

function failureButtons(f: FailureAlertView): Button[] {
  const value = encodeButtonValue({ id: f.executionId });
  const list: Button[] = [
    button({ text: "Ask Maestro", style: "primary", actionId: actionId(ACTIONS.alertFailureAsk, f.executionId), value }),
  ];
  if (f.eventType) list.push(button({ text: "Run a test event", actionId: actionId(ACTIONS.alertFailureTest, f.executionId), value }));
  if (f.ruleEnabled) {
    list.push(
      button({
        text: "Disable rule",
        style: "danger",
        actionId: actionId(ACTIONS.alertFailureDisable, f.executionId),
        value,
        confirm: confirmDialog({
          title: "Disable this rule?",
          text: `"${oneLine(f.ruleName)}" stops running until someone enables it again (\`${COMMAND} rules\`).`,
          confirm: "Disable",
          danger: true,
        }),
      }),
    );
  }
  return list;
}

export function failureAlert(f: FailureAlertView, opts: TimeOptions): Message {
  const rule = `*${name(f.ruleName, 150)}*${f.ruleId === null ? "" : ` (rule #${f.ruleId})`}`;
  const lines = [
    `:warning: *Workflow failure* — ${rule} failed (run #${f.executionId}, ${formatTime(f.at, opts)})`,
    `It was trying to: ${safeText(f.doing, 600)}`,
    `The error it reported:\n${codeBlock(f.error, 900)}`,
  ];
  const state = f.ruleEnabled === null ? "The rule was deleted since." : f.ruleEnabled ? "The rule is enabled." : "The rule is disabled.";
  const blocks: KnownBlock[] = [section(lines.join("\n"), { block_id: blockId(BLOCKS.alert, `failure-${f.executionId}`) }), context(state)];
  blocks.push(actions(blockId(BLOCKS.alertActions, `failure-${f.executionId}`), failureButtons(f)));
  return message(`Workflow rule "${oneLine(f.ruleName)}" failed: ${oneLine(f.error)}`, blocks);
}

export function alertMessage(view: AlertView, opts: TimeOptions): Message {
  if (view.kind === "intake") return intakeAlert(view, opts);
  if (view.kind === "role_request") return roleAlert(view, opts);
  return failureAlert(view, opts);
}

/** A burst folded into one message: how many, since when, and the command that lists them all. */
export function burstSummary(kind: AlertKind, count: number, since: Date, opts: TimeOptions): Message {
  const { noun, command } = BURST_LISTS[kind];
  const what = `${count.toLocaleString("en-GB")} ${count === 1 ? noun[0] : noun[1]}`;
  const text = `:package: *${what}* since ${formatTime(since, opts)} — too many to post one by one. \`${command}\` lists them.`;
  return message(`${what} since ${formatTime(since, opts)}: ${command} lists them`, [
    section(text, { block_id: blockId(BLOCKS.alertBurst, kind) }),
  ]);
}
