// The global middleware every Slack request passes: acknowledge commands and clicks at once, drop duplicate
// deliveries, find who is asking, refuse anyone who is not staff (politely, with the reason, no model call),
// and apply the rate limit.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { countRequest } from "../stores/rate-limit-store.ts";
import { recordReceipts } from "../stores/receipt-store.ts";
import type { SlackPerson } from "../../domain/users/staff-directory.ts";
import { knownPerson } from "../profiles/known-person.ts";
import { accessOfferBlocks } from "../blocks/request-access.ts";
import { isAccessRequest, type Visitor } from "./access-request.ts";
import type { KnownBlock } from "@slack/types";
import type { Surface } from "../surface.ts";
import { payloadFacts, type PayloadFacts } from "./slack-user.ts";
import { MINUTE_MS } from "../../domain/clock.ts";
import { startEarlyStatus, type EarlyStatus } from "../delivery/early-status.ts";

export const NOT_LINKED =
  "Hi! Maestro is the studio's operations assistant and is only for studio staff. Your Slack account isn't linked to a staff member yet — if you work here, request access and an admin will decide.";
export const NOT_STAFF = (name: string, roles: string[]) =>
  `Hi ${name}! Maestro is only for studio staff (STAFF or ADMIN). Your roles are ${roles.length ? roles.join(", ") : "none"}, so I can't help here. If you need access, request it and an admin will decide.`;
export const UNAVAILABLE =
  "Maestro can't reach the studio's database right now, so nothing was done. Try again in a minute; if it keeps happening, tell the studio owner.";
export const RATE_LIMITED = (limit: number) =>
  `You're sending requests faster than I can take them (over ${limit} a minute). Give it a minute and try again.`;

type Args = AnyMiddlewareArgs & {
  client: WebClient;
  ack?: (response?: unknown) => Promise<void>;
  respond?: (message: unknown) => Promise<unknown>;
};

/**
 * Commands and clicks are acknowledged before any database work, so Slack's 3 s deadline and the person's
 * spinner never wait on a lookup: nothing their ack could carry needs the database, because every answer to
 * them (refusals included) goes through `response_url`. Listeners of these kinds therefore never call `ack`.
 * View submissions are the exception: their ack carries validation errors, so their listener acks.
 */
export const ACKED_BY_GATEKEEPER: ReadonlySet<PayloadFacts["kind"]> = new Set(["command", "action"]);

/** Tells the person why nothing happened, on the surface they used (with a way in, when they may ask for one). */
async function refuse(args: Args, facts: PayloadFacts, text: string, blocks?: KnownBlock[]): Promise<void> {
  const withBlocks = blocks ? { blocks } : {};
  const body = args.body as Record<string, unknown>;
  const event = (body.event ?? {}) as Record<string, string>;
  switch (facts.kind) {
    case "command":
    case "action":
      if (args.respond && body.response_url) {
        await args.respond({ response_type: "ephemeral", replace_original: false, text, ...withBlocks });
      } else if (facts.userId) {
        await args.client.chat.postMessage({ channel: facts.userId, text, ...withBlocks });
      }
      return;
    case "view":
      await args.ack?.();
      if (facts.userId) await args.client.chat.postMessage({ channel: facts.userId, text });
      return;
    case "message":
      // In a channel thread nobody addressed Maestro: a non-staff reply there is left alone, not refused.
      if (event.channel_type !== "im") return;
      await args.client.chat.postMessage({
        channel: event.channel!,
        text,
        ...withBlocks,
        ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      });
      return;
    case "mention":
      await args.client.chat.postEphemeral({
        channel: event.channel!,
        user: event.user!,
        text,
        ...withBlocks,
        ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      });
      return;
    case "home":
      await args.client.views.publish({
        user_id: facts.userId!,
        view: { type: "home", blocks: blocks ?? [{ type: "section", text: { type: "mrkdwn", text } }] },
      });
      return;
    default:
      return;
  }
}

/** Where a refusal carries the "Request access" button: what a person typed or opened, not a click on something else. */
const OFFERS_ACCESS: ReadonlySet<PayloadFacts["kind"]> = new Set(["message", "mention", "command", "home"]);

/** Requests a person makes by themselves (not clicks on what Maestro posted): when a placeholder's name is refreshed. */
const REFRESHES_PROFILE: ReadonlySet<PayloadFacts["kind"]> = new Set(["message", "mention", "command", "home"]);

type Verdict =
  | { kind: "duplicate" }
  | { kind: "refused"; text: string; offer?: boolean }
  | { kind: "admitted"; person: SlackPerson }
  /** Someone who is not staff, asking for access: only the request-access listeners see them (context.visitor). */
  | { kind: "visitor"; visitor: Visitor };

/** The database's say on one request: a duplicate delivery, a refusal with its reason, or the staff member it is. */
async function admit(
  surface: Surface,
  client: WebClient,
  facts: PayloadFacts & { userId: string },
  asking: boolean,
  /** Called once the request is known to be no duplicate, before the person and rate-limit lookups. */
  onFresh: () => void,
): Promise<Verdict> {
  const now = surface.clock.now();
  // Slack retries an event up to 3 times (and may redeliver one message under two event ids):
  // the first delivery to be recorded is the only one handled, on every replica.
  if (facts.eventId) {
    const keys = { event: `event:${facts.eventId}`, message: facts.clientMsgId ? `msg:${facts.clientMsgId}` : undefined };
    const fresh = await recordReceipts(surface.db, keys.message ? [keys.event, keys.message] : [keys.event], facts.kind, now);
    if (!fresh.has(keys.event)) {
      surface.logger.info({ eventId: facts.eventId }, "slack.event.duplicate");
      return { kind: "duplicate" };
    }
    if (keys.message && !fresh.has(keys.message)) {
      surface.logger.info({ clientMsgId: facts.clientMsgId }, "slack.message.duplicate");
      return { kind: "duplicate" };
    }
  }
  onFresh();
  const person = await knownPerson(surface, client, facts.userId, { refresh: REFRESHES_PROFILE.has(facts.kind) });
  if ((!person || !person.isStaff) && !asking) {
    surface.logger.info({ slackUserId: facts.userId, kind: facts.kind, linked: !!person }, "slack.request.refused");
    return { kind: "refused", text: person ? NOT_STAFF(person.user.name, person.roles) : NOT_LINKED, offer: OFFERS_ACCESS.has(facts.kind) };
  }
  if (facts.kind !== "home") {
    const windowStart = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const count = await countRequest(surface.db, `user:${facts.userId}`, windowStart);
    const limit = surface.config.slack.rateLimitPerMinute;
    if (count > limit) {
      surface.logger.warn({ slackUserId: facts.userId, count }, "slack.request.rate_limited");
      return { kind: "refused", text: RATE_LIMITED(limit) };
    }
  }
  return person?.isStaff ? { kind: "admitted", person } : { kind: "visitor", visitor: { slackUserId: facts.userId, person } };
}

export function gatekeeper(surface: Surface): Middleware<AnyMiddlewareArgs> {
  return async (rawArgs) => {
    const args = rawArgs as unknown as Args & { next: () => Promise<void>; context: Record<string, unknown> };
    const facts = payloadFacts(rawArgs);
    if (facts.ignorable || !facts.userId) {
      if (facts.kind === "other" && !facts.ignorable) await args.next();
      return;
    }
    if (ACKED_BY_GATEKEEPER.has(facts.kind)) await args.ack?.();
    let verdict: Verdict;
    let early: EarlyStatus | undefined;
    const showEarly = () => {
      if (facts.kind === "message") early = startEarlyStatus(surface, args.client, args.body);
    };
    try {
      verdict = await admit(surface, args.client, { ...facts, userId: facts.userId }, isAccessRequest(args.body), showEarly);
    } catch (error) {
      // The database is down or refusing: say so rather than leave the person waiting on nothing.
      surface.logger.error({ err: error, kind: facts.kind }, "slack.gatekeeper.failed");
      await refuse(args, facts, UNAVAILABLE).catch((refusal: unknown) => surface.logger.warn({ err: refusal }, "slack.refusal.failed"));
      early?.status.clear();
      return;
    }
    if (verdict.kind === "duplicate") return;
    if (verdict.kind !== "admitted") early?.status.clear(); // no turn will take it over
    if (verdict.kind === "refused") {
      await refuse(args, facts, verdict.text, verdict.offer ? accessOfferBlocks(verdict.text).blocks : undefined);
      return;
    }
    if (verdict.kind === "visitor") args.context.visitor = verdict.visitor;
    else {
      args.context.person = verdict.person;
      if (early) args.context.earlyStatus = early;
    }
    await args.next();
  };
}
