// Where a role decision or a rule toggle was clicked (the Home tab, a list, an ephemeral list, a posted digest, an alert), read once
// from the click, and carried through the reject modal's private_metadata: the one place that encodes and decodes it.
import type { BlockButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import { z } from "zod";
import type { Logger } from "../../logger.ts";
import { BLOCKS, isSlackResponseUrl, parseJson, RESPONSE_URL_MAX, type Parsed } from "../ids.ts";

/** A posted message as Slack showed it at the click (a click on a channel message carries it; a modal's submission does not). */
export interface ShownMessage {
  text: string;
  blocks: KnownBlock[];
}

export type DecisionOrigin =
  /** The clicker's Home tab: republished for them. */
  | { kind: "home" }
  /** A list posted in a channel or DM: updated in place with chat.update. */
  | { kind: "list"; channel: string; ts: string }
  /** An ephemeral list (a slash command's answer): chat.update cannot touch it; its response_url can replace it. */
  | { kind: "ephemeral-list"; channel: string; ts: string; responseUrl: string }
  /** A posted digest: only the decided request's row changes (a list there would replace the whole digest). */
  | { kind: "digest"; channel: string; ts: string; shown?: ShownMessage }
  /** An ops-channel alert: re-rendered in place with the item's state now. */
  | { kind: "alert"; channel: string; ts: string }
  /** An ephemeral message that cannot be replaced (a digest preview, a list whose response_url was refused): the notice alone. */
  | { kind: "notice-only"; channel: string };

/** The channel a notice about the decision goes to (ephemerally); the Home tab has none, so the notice goes by DM. */
export const noticeChannel = (origin: DecisionOrigin): string | undefined => (origin.kind === "home" ? undefined : origin.channel);

/** The clicked button sits in a digest (its block id says so). */
export const isDigestAction = (blockId: string | undefined): boolean => (blockId ?? "").startsWith(`${BLOCKS.digestRoleActions}:`);

/** The clicked button sits in an ops-channel alert (its block id says so). */
export const isAlertAction = (blockId: string | undefined): boolean => (blockId ?? "").startsWith(`${BLOCKS.alertActions}:`);

/** Reads a click's origin at the edge. A response_url that is not Slack's is dropped (and logged): nothing is ever POSTed there. */
export function originOfClick(
  body: BlockButtonAction,
  blockId: string | undefined,
  check: { apiUrl: string; logger: Logger },
): DecisionOrigin {
  const channel = body.container?.channel_id as string | undefined;
  const ts = body.container?.message_ts as string | undefined;
  if (body.container?.type === "view" || !channel) return { kind: "home" };
  if (!ts) return { kind: "notice-only", channel };
  const ephemeral = body.container?.is_ephemeral === true;
  if (isDigestAction(blockId)) return ephemeral ? { kind: "notice-only", channel } : { kind: "digest", channel, ts, shown: shownOf(body) };
  if (isAlertAction(blockId)) return ephemeral ? { kind: "notice-only", channel } : { kind: "alert", channel, ts };
  if (!ephemeral) return { kind: "list", channel, ts };
  const url = body.response_url;
  if (url && isSlackResponseUrl(url, check.apiUrl)) return { kind: "ephemeral-list", channel, ts, responseUrl: url };
  check.logger.warn({ channel }, "slack.decision.response_url_refused");
  return { kind: "notice-only", channel };
}

function shownOf(body: BlockButtonAction): ShownMessage | undefined {
  const blocks = (body.message as { blocks?: KnownBlock[] } | undefined)?.blocks;
  if (!blocks?.length) return undefined;
  return { text: typeof body.message?.text === "string" ? body.message.text : "Morning digest", blocks };
}

// ---- the reject modal's private_metadata ------------------------------------------------------------

export const PRIVATE_METADATA_MAX = 3000;

/**
 * The wire shape, flat and unchanged since modals first carried an origin, so a modal opened before an upgrade (or a
 * rollback) still submits: no channel is the Home tab; a channel without ts, a notice alone; `digest`, a posted digest;
 * `response_url`, an ephemeral list; otherwise a list message.
 */
const wireSchema = z.strictObject({
  id: z.number().int().positive().max(2_147_483_647),
  channel: z
    .string()
    .regex(/^[A-Z0-9]{1,40}$/)
    .optional(),
  ts: z
    .string()
    .regex(/^\d{1,12}\.\d{1,8}$/)
    .optional(),
  response_url: z
    .string()
    .max(RESPONSE_URL_MAX)
    .refine((url) => /^https?:\/\//.test(url) && URL.canParse(url), { message: "response_url is not an http(s) URL" })
    .optional(),
  digest: z.literal(true).optional(),
  alert: z.literal(true).optional(),
});
type Wire = z.infer<typeof wireSchema>;

/** What the reject-reason modal carries: the request, and where the Reject click was. */
export interface RejectMetadata {
  id: number;
  origin: DecisionOrigin;
}

function toWire({ id, origin }: RejectMetadata): Wire {
  switch (origin.kind) {
    case "home":
      return { id };
    case "notice-only":
      return { id, channel: origin.channel };
    case "list":
      return { id, channel: origin.channel, ts: origin.ts };
    case "ephemeral-list":
      return { id, channel: origin.channel, ts: origin.ts, response_url: origin.responseUrl };
    case "digest":
      return { id, channel: origin.channel, ts: origin.ts, digest: true };
    case "alert":
      return { id, channel: origin.channel, ts: origin.ts, alert: true };
  }
}

function fromWire({ id, channel, ts, response_url, digest, alert }: Wire): RejectMetadata {
  if (!channel) return { id, origin: { kind: "home" } };
  if (!ts) return { id, origin: { kind: "notice-only", channel } };
  if (digest) return { id, origin: { kind: "digest", channel, ts } };
  if (alert) return { id, origin: { kind: "alert", channel, ts } };
  if (response_url) return { id, origin: { kind: "ephemeral-list", channel, ts, responseUrl: response_url } };
  return { id, origin: { kind: "list", channel, ts } };
}

/** Throws when the value is malformed or longer than Slack's 3,000 characters (views.open would refuse the modal). */
export function encodeRejectMetadata(value: RejectMetadata): string {
  const text = JSON.stringify(wireSchema.parse(toWire(value)));
  if (text.length > PRIVATE_METADATA_MAX) throw new Error(`private_metadata longer than ${PRIVATE_METADATA_MAX} characters`);
  return text;
}

/** Parses a submitted modal's private_metadata at the edge; never throws. */
export function parseRejectMetadata(raw: unknown): Parsed<RejectMetadata> {
  const parsed = parseJson(raw, wireSchema, PRIVATE_METADATA_MAX, "private_metadata");
  return parsed.ok ? { ok: true, value: fromWire(parsed.value) } : parsed;
}
