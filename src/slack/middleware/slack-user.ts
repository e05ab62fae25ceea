// Finds the Slack user, team and kind of any incoming payload, whatever its shape.
import type { AnyMiddlewareArgs } from "@slack/bolt";

/** Message subtypes a person produces, answered like a plain message; every other subtype (edits, deletions, joins, bots) is not. */
export const PERSON_SUBTYPES: ReadonlySet<string> = new Set(["file_share", "thread_broadcast", "me_message"]);

export type PayloadKind = "message" | "mention" | "home" | "command" | "action" | "view" | "other";

export interface PayloadFacts {
  kind: PayloadKind;
  userId?: string;
  eventId?: string;
  clientMsgId?: string;
  /** Bot messages, edits, deletions, joins…: never answered. */
  ignorable: boolean;
}

export function payloadFacts(args: AnyMiddlewareArgs): PayloadFacts {
  const body = args.body as Record<string, unknown>;
  if (body.type === "event_callback") {
    const event = body.event as Record<string, unknown>;
    const kind: PayloadKind =
      event.type === "message" ? "message" : event.type === "app_mention" ? "mention" : event.type === "app_home_opened" ? "home" : "other";
    const subtype = event.subtype as string | undefined;
    const ignorable = kind === "message" && ((subtype !== undefined && !PERSON_SUBTYPES.has(subtype)) || event.bot_id !== undefined);
    return {
      kind,
      userId: event.user as string | undefined,
      eventId: body.event_id as string,
      clientMsgId: event.client_msg_id as string | undefined,
      ignorable,
    };
  }
  if (typeof body.command === "string") return { kind: "command", userId: body.user_id as string, ignorable: false };
  if (body.type === "block_actions") return { kind: "action", userId: (body.user as { id: string }).id, ignorable: false };
  if (body.type === "view_submission" || body.type === "view_closed")
    return { kind: "view", userId: (body.user as { id: string }).id, ignorable: false };
  return { kind: "other", ignorable: true };
}
