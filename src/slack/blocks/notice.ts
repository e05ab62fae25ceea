// Short ephemeral notices: not staff, rate limited, usage errors, a tool that failed.
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
