// Our Stop button, where Slack shows none of its own: under a running turn's progress note ("still working…"). Its
// value names the conversation (channel and thread) whose running turn it stops; who may stop is checked on click.
import type { ContextBlock, KnownBlock } from "@slack/types";
import { ACTIONS, BLOCKS } from "../ids.ts";
import { actions, button, context, type Message } from "./kit.ts";
import { safeText } from "./limits.ts";

/** The conversation a Stop button stops: its channel and thread ('' for a DM's top level). */
export interface StopTarget {
  channelId: string;
  threadTs: string;
}

const SEPARATOR = "|";

export const stopValue = (target: StopTarget): string => `${target.channelId}${SEPARATOR}${target.threadTs}`;

/** The button's value read back; undefined for a value this version did not write. */
export function parseStopValue(value: string | undefined): StopTarget | undefined {
  const match = /^([A-Z0-9]+)\|(\d+\.\d+)?$/.exec(value ?? "");
  return match ? { channelId: match[1]!, threadTs: match[2] ?? "" } : undefined;
}

export function stopButtonRow(target: StopTarget): KnownBlock {
  return actions(`${BLOCKS.stopTurn}:${target.channelId}`, [
    button({
      text: "Stop",
      actionId: ACTIONS.stopTurn,
      value: stopValue(target),
      accessibilityLabel: "Stop this answer: what is done stays done, nothing more is started",
    }),
  ]);
}

/** A progress note with Stop under it. */
export function progressNoteWithStop(text: string, target: StopTarget): Message {
  const note: ContextBlock = context(safeText(text, 2000));
  return { text, blocks: [note, stopButtonRow(target)] };
}
