// The simplest form of a confirmation card, posted when Slack refuses the full one (msg_too_long, invalid_blocks): the
// sentence as plain text, why, and the same Confirm / Cancel (red with a dialog when destructive), so a held action
// never waits on a card nobody can click.
import type { PendingActionView } from "../../agent/agent-types.ts";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { cardSentence, isDestructive } from "./card-parts.ts";
import { actions, button, confirmDialog, fallback, type Message } from "./kit.ts";
import { clip, oneLine } from "./limits.ts";

const SUMMARY_MAX = 500;
const REASON_MAX = 500;

export function minimalConfirmationCard(view: PendingActionView): Message {
  const sentence = clip(cardSentence(view), SUMMARY_MAX);
  const value = encodeButtonValue({ id: view.id });
  const destructive = isDestructive(view);
  const confirm = destructive
    ? { confirm: confirmDialog({ title: "Are you sure?", text: `${clip(sentence, 270)} Go ahead?`, confirm: "Yes, do it", danger: true }) }
    : {};
  const text = `Waiting on you: ${sentence} Why it needs a click: ${clip(oneLine(view.reason), REASON_MAX)}`;
  return {
    text: fallback(text),
    blocks: [
      { type: "section", text: { type: "plain_text", text, emoji: false } },
      actions(blockId(BLOCKS.pendingActions, view.id), [
        button({
          text: "Confirm",
          style: destructive ? "danger" : "primary",
          actionId: actionId(ACTIONS.confirm, view.id),
          value,
          ...confirm,
        }),
        button({ text: "Cancel", actionId: actionId(ACTIONS.cancel, view.id), value }),
      ]),
    ],
  };
}
