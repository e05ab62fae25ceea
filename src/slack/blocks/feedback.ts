// 👍/👎 under an answer (Slack's feedback_buttons in a context_actions block), the optional reason a 👎 opens, and the
// admin's list of what people said. The buttons carry the run id in their action_id; a click counts only when the
// run's conversation is the channel the click came from (listeners/actions/feedback-buttons.ts).
import type { ContextActionsBlock, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { FeedbackRow } from "../stores/feedback-store.ts";
import { ACTIONS, BLOCKS, VIEWS, actionId, blockId, parseJson, type Parsed } from "../ids.ts";
import { formatTime, type TimeOptions } from "./format.ts";
import { context, header, message, plain, section, type Message } from "./kit.ts";
import { LIMITS, oneLine, safeText } from "./limits.ts";

export const FEEDBACK_REASON_MAX = 1000;
export const FEEDBACK_VALUES = { up: "up", down: "down" } as const;

/** The 👍/👎 appended to an answer of run `runId`. */
export function feedbackBlock(runId: string): ContextActionsBlock {
  return {
    type: "context_actions",
    block_id: blockId(BLOCKS.feedback, runId),
    elements: [
      {
        type: "feedback_buttons",
        action_id: actionId(ACTIONS.feedback, runId),
        positive_button: { text: plain("👍"), value: FEEDBACK_VALUES.up, accessibility_label: "This answer was helpful" },
        negative_button: { text: plain("👎"), value: FEEDBACK_VALUES.down, accessibility_label: "This answer was not helpful" },
      },
    ],
  };
}

const reasonMetadata = z.strictObject({ run: z.uuid(), channel: z.string().regex(/^[A-Z0-9]{1,40}$/) });
export type FeedbackReasonMetadata = z.infer<typeof reasonMetadata>;

/** Opened by a 👎: what was wrong, optional; the 👎 itself is already stored. */
export function feedbackReasonModal(meta: FeedbackReasonMetadata): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.feedbackReason,
    private_metadata: JSON.stringify(reasonMetadata.parse(meta)),
    title: plain("What went wrong?", LIMITS.modalTitle),
    submit: plain("Send", LIMITS.modalButton),
    close: plain("Skip", LIMITS.modalButton),
    blocks: [
      section("Thanks — your 👎 is saved. If you say what was wrong, the studio's admins can fix it."),
      {
        type: "input",
        block_id: BLOCKS.feedbackReasonInput,
        optional: true,
        label: plain("What was wrong (optional)", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: ACTIONS.feedbackReasonInput,
          multiline: true,
          max_length: FEEDBACK_REASON_MAX,
          placeholder: plain("e.g. It listed closed intakes as open", LIMITS.placeholder),
        },
      },
    ],
  };
}

/** Parses a submitted 👎 reason at the edge: the run, and the trimmed reason (undefined when left empty). */
export function readFeedbackReason(view: {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}): Parsed<FeedbackReasonMetadata & { reason?: string }> {
  const meta = parseJson(view.private_metadata, reasonMetadata, LIMITS.privateMetadata, "private_metadata");
  if (!meta.ok) return meta;
  const reason = (view.state?.values?.[BLOCKS.feedbackReasonInput]?.[ACTIONS.feedbackReasonInput]?.value ?? "").trim();
  return { ok: true, value: { ...meta.value, ...(reason ? { reason: reason.slice(0, FEEDBACK_REASON_MAX) } : {}) } };
}

/** A channel as a link (it notifies nobody); a DM by name only. */
const where = (channel: string) => (/^[CG][A-Z0-9]+$/.test(channel) ? `in <#${channel}>` : "in a direct message");

const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 4 : 2)}`;

/** One vote: who, when, on which model and tools, at what cost, and the reason quoted as their words. */
function feedbackItem(row: FeedbackRow, opts: TimeOptions): KnownBlock[] {
  const tools = row.tools_used.length ? row.tools_used.map((t) => `\`${safeText(t, 60)}\``).join(", ") : "no tools";
  const lines = [
    `${row.value === "up" ? "👍" : "👎"} *${safeText(oneLine(row.user_name), 100)}* · ${formatTime(row.updated_at, opts)} · ${where(row.channel_id)}`,
    ...(row.reason ? [`_Their reason, as they wrote it:_\n>“${safeText(oneLine(row.reason), 600)}”`] : []),
  ];
  return [
    section(lines.join("\n")),
    context(`${safeText(row.model ?? "no model", 60)} · ${tools} · ${usd(row.cost_usd)} · run ${row.run_id}`),
  ];
}

/** `/maestro feedback [down]`: the totals and the latest votes. */
export function feedbackListBlocks(list: { rows: FeedbackRow[]; up: number; down: number }, opts: TimeOptions, filter?: "down"): Message {
  const total = `👍 ${list.up} · 👎 ${list.down}`;
  if (!list.rows.length) {
    return message(`Feedback on answers: ${total}`, [
      header("Feedback on answers"),
      section(`${total}\nNo ${filter === "down" ? "👎 " : ""}feedback yet.`),
    ]);
  }
  const blocks: KnownBlock[] = [
    header("Feedback on answers"),
    context(`${total} · the latest ${list.rows.length}${filter === "down" ? " 👎" : ""}, newest first`),
  ];
  for (const row of list.rows) blocks.push(...feedbackItem(row, opts));
  return message(`Feedback on answers: ${total}`, blocks);
}
