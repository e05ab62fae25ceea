// Test helpers for a posted digest on the fake transport: its posts, and a click on one of its buttons as Slack sends it.
import type { KnownBlock } from "@slack/types";
import { DIGEST_CHANNEL } from "./digest-harness.ts";
import type { FakeSlack, RecordedCall } from "./fake-slack.ts";
import { BLOCKS } from "../slack/ids.ts";

export const channelPosts = (fake: FakeSlack) => fake.callsOf("chat.postMessage").filter((c) => c.args.channel === DIGEST_CHANNEL);
export const isDigest = (blocks: unknown) => Array.isArray(blocks) && (blocks[0] as { block_id?: string })?.block_id === BLOCKS.digest;

/** A digest message as the channel shows it: the post, or a later chat.update of it. */
export interface ShownMessage {
  ts: string;
  text: string;
  blocks: KnownBlock[];
}
export const shown = (call: RecordedCall): ShownMessage => ({
  ts: String(call.method === "chat.update" ? call.args.ts : call.response!.ts),
  text: String(call.args.text),
  blocks: call.args.blocks as KnownBlock[],
});

/** A click on a button of a posted channel message, as Slack sends it: with the message's blocks. */
export function clickInMessage(fake: FakeSlack, user: string, message: RecordedCall | ShownMessage, actionBase: string, id: number) {
  const { ts, text, blocks } = "method" in message ? shown(message) : message;
  const block = blocks.find((b) => b.type === "actions" && b.block_id?.endsWith(`:${id}`))!;
  const button = (block as { elements: { action_id: string; value: string }[] }).elements.find((e) => e.action_id.startsWith(actionBase))!;
  return fake.click(
    user,
    { action_id: button.action_id, value: button.value, block_id: block.block_id },
    { channel: DIGEST_CHANNEL, ts, text, blocks },
  );
}
