// Short notices: not staff, rate limited, usage errors, a tool that failed; one-line context notes in a conversation.
import { COMMAND } from "../ids.ts";
import { context, message, section, type Message } from "./kit.ts";
import { safeText } from "./limits.ts";

export type NoticeKind = "info" | "warning" | "error";

const ICON: Record<NoticeKind, string> = { info: "ℹ️", warning: "⚠️", error: "❌" };

/** One escaped line (user text in it, such as a mistyped command, stays inert), and an optional hint below it. */
export function noticeBlocks(text: string, options: { kind?: NoticeKind; hint?: string } = {}): Message {
  const icon = ICON[options.kind ?? "info"];
  const blocks = [section(`${icon} ${safeText(text, 2900)}`), ...(options.hint ? [context(safeText(options.hint, 2000))] : [])];
  return message(text, blocks);
}

/** A quiet one-line note in the conversation (e.g. "I'll take this one right after"). */
export const contextNote = (text: string): Message => ({ text, blocks: [context(text)] });

/** The question typed after the slash command, echoed at the top of the DM where Maestro answers it. */
export function commandQuestionBlocks(question: string): Message {
  const from = `From \`${COMMAND}\`: `;
  return { text: `${from}${question}`, blocks: [context(`${from}${question.slice(0, 2900)}`)] };
}
