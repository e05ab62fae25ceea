// The global middleware every Slack request passes: drop duplicate deliveries, find who is asking,
// refuse anyone who is not staff (politely, with the reason, no model call), and apply the rate limit.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { countRequest } from "../../domain/slack-state/rate-limit-store.ts";
import { recordReceipt } from "../../domain/slack-state/receipt-store.ts";
import { resolveSlackUser } from "../../domain/users/staff-directory.ts";
import type { Surface } from "../surface.ts";
import { payloadFacts, type PayloadFacts } from "./slack-user.ts";

export const NOT_LINKED =
  "Hi! Maestro is the studio's operations assistant and is only for studio staff. Your Slack account isn't linked to a staff member yet — ask the studio owner to add your Slack id to your Maestro user with the STAFF role.";
export const NOT_STAFF = (name: string, roles: string[]) =>
  `Hi ${name}! Maestro is only for studio staff (STAFF or ADMIN). Your roles are ${roles.length ? roles.join(", ") : "none"}, so I can't help here. If you need access, request the STAFF role from the studio owner.`;
export const RATE_LIMITED = (limit: number) =>
  `You're sending requests faster than I can take them (over ${limit} a minute). Give it a minute and try again.`;

type Args = AnyMiddlewareArgs & { client: WebClient; ack?: (response?: unknown) => Promise<void>; respond?: (message: unknown) => Promise<unknown> };

/** Tells the person why nothing happened, on the surface they used. */
async function refuse(args: Args, facts: PayloadFacts, text: string): Promise<void> {
  const body = args.body as Record<string, unknown>;
  const event = (body.event ?? {}) as Record<string, string>;
  switch (facts.kind) {
    case "command":
      await args.ack?.({ response_type: "ephemeral", text });
      return;
    case "action":
    case "view":
      await args.ack?.();
      if (facts.kind === "action" && args.respond && body.response_url) {
        await args.respond({ response_type: "ephemeral", replace_original: false, text });
      } else if (facts.userId) {
        await args.client.chat.postMessage({ channel: facts.userId, text });
      }
      return;
    case "message":
      await args.client.chat.postMessage({ channel: event.channel!, text, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) });
      return;
    case "mention":
      await args.client.chat.postEphemeral({ channel: event.channel!, user: event.user!, text, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) });
      return;
    case "home":
      await args.client.views.publish({ user_id: facts.userId!, view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text } }] } });
      return;
    default:
      return;
  }
}

export function gatekeeper(surface: Surface): Middleware<AnyMiddlewareArgs> {
  return async (rawArgs) => {
    const args = rawArgs as unknown as Args & { next: () => Promise<void>; context: Record<string, unknown> };
    const facts = payloadFacts(rawArgs);
    if (facts.ignorable || !facts.userId) {
      if (facts.kind === "other" && !facts.ignorable) await args.next();
      return;
    }
    const now = surface.clock.now();
    // Slack retries an event up to 3 times (and may redeliver one message under two event ids):
    // the first delivery to be recorded is the only one handled, on every replica.
    if (facts.eventId && !(await recordReceipt(surface.db, `event:${facts.eventId}`, facts.kind, now))) {
      surface.logger.info({ eventId: facts.eventId }, "slack.event.duplicate");
      return;
    }
    if (facts.clientMsgId && !(await recordReceipt(surface.db, `msg:${facts.clientMsgId}`, facts.kind, now))) {
      surface.logger.info({ clientMsgId: facts.clientMsgId }, "slack.message.duplicate");
      return;
    }
    const person = await resolveSlackUser(surface.db, facts.userId);
    if (!person || !person.isStaff) {
      surface.logger.info({ slackUserId: facts.userId, kind: facts.kind, linked: !!person }, "slack.request.refused");
      await refuse(args, facts, person ? NOT_STAFF(person.user.name, person.roles) : NOT_LINKED);
      return;
    }
    if (facts.kind !== "home") {
      const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      const count = await countRequest(surface.db, `user:${facts.userId}`, windowStart);
      if (count > surface.rateLimitPerMinute) {
        surface.logger.warn({ slackUserId: facts.userId, count }, "slack.request.rate_limited");
        await refuse(args, facts, RATE_LIMITED(surface.rateLimitPerMinute));
        return;
      }
    }
    args.context.person = person;
    await args.next();
  };
}
