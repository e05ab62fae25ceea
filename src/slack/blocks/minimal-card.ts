// The simplest form of a confirmation card, posted when Slack refuses the full one (msg_too_long, invalid_blocks): the
// summary as plain text and the same Confirm / Cancel buttons, so a held action never waits on a card nobody can click.
import type { PendingActionView } from "../../agent/agent-types.ts";
import { ACTIONS, BLOCKS, actionId, blockId, encodeButtonValue } from "../ids.ts";
import { isDestructive } from "./confirmation.ts";
import { actions, button, confirmDialog, fallback, type Message } from "./kit.ts";
import { clip, oneLine } from "./limits.ts";

const SUMMARY_MAX = 500;

export function minimalConfirmationCard(view: PendingActionView): Message {
  const summary = clip(oneLine(view.summary), SUMMARY_MAX);
  const value = encodeButtonValue({ id: view.id });
  const confirm = isDestructive(view.toolName, view.args)
    ? { confirm: confirmDialog({ title: "This cannot be undone", text: "Go ahead?", confirm: "Yes, do it", danger: true }) }
    : {};
  return {
    text: fallback(`Needs your confirmation: ${summary}`),
    blocks: [
      { type: "section", text: { type: "plain_text", text: `Needs your confirmation: ${summary}`, emoji: false } },
      actions(blockId(BLOCKS.pendingActions, view.id), [
        button({ text: "Confirm", style: "primary", actionId: actionId(ACTIONS.confirm, view.id), value, ...confirm }),
        button({ text: "Cancel", actionId: actionId(ACTIONS.cancel, view.id), value }),
      ]),
    ],
  };
}
