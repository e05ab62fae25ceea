// What Maestro sent to the fake Slack, as the console prints it: who saw it and where, the rendered
// blocks, and for each button the message (or view) a click on it belongs to. Pure.
import type { RecordedCall } from "../slack/fake-transport.ts";
import { renderMessage, type RenderedButton } from "./render-blocks.ts";
import type { Style } from "./style.ts";

/** Where a click lands: a message (by channel and ts), a view (the Home tab), or nowhere Maestro listens. */
export type ClickTarget =
  | { kind: "message"; channel: string; ts: string; threadTs?: string; ephemeral: boolean }
  | { kind: "view"; viewId: string };

export interface ClickableButton extends RenderedButton {
  target: ClickTarget;
}

/** A modal Maestro opened (views.open): the console asks for its inputs on the next lines. */
export interface OpenedModal {
  viewId: string;
  view: Record<string, unknown>;
}

export interface RenderContext {
  /** The console user's Slack id: "your DM" rather than "DM with U…". */
  me: string;
  style: Style;
  /** The channel the console's commands come from (ephemeral answers appear there). */
  commandChannel: string;
  /** A ts for an ephemeral message (Slack gives them one; the fake's response_url answers carry none). */
  nextTs(): string;
}

export interface RenderedOutput {
  text: string;
  buttons: ClickableButton[];
  modal?: OpenedModal;
}

/** Calls that are plumbing, not something a person sees. */
const UNSEEN = /^(reactions\.|conversations\.open|users\.info|auth\.test|assistant\.threads\.)/;
const STREAM = ["chat.startStream", "chat.appendStream", "chat.stopStream"];

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

function dest(channel: string | undefined, me: string, threadTs?: string): string {
  const c = channel ?? "?";
  const base =
    c === me || c === `D0${me}` ? "your DM" : /^D0/.test(c) ? `DM with ${c.slice(2)}` : /^[UW]/.test(c) ? `DM with ${c}` : `#${c}`;
  return threadTs ? `${base} · in a thread` : base;
}

const TASK_ICON: Record<string, string> = { complete: "✅", error: "⚠️", pending: "✋" };

/** A stream's chunks as the person reads them: its text, and each tool step once it ended (in progress is not shown). */
function chunkText(chunks: unknown): string {
  if (!Array.isArray(chunks)) return "";
  return chunks
    .map((c: Record<string, unknown>) => {
      if (c.type === "markdown_text") return String(c.text ?? "");
      const icon = c.type === "task_update" ? TASK_ICON[String(c.status)] : undefined;
      return icon ? `${icon} _${String(c.title)}_${c.output ? ` — ${String(c.output)}` : ""}\n\n` : "";
    })
    .join("");
}

/**
 * Streamed replies arrive in pieces (start, appends, stop), with status updates and other calls between them: each
 * stream is shown once, where it started, as the one message it becomes.
 */
function mergeStreams(calls: readonly RecordedCall[]): RecordedCall[] {
  const out: RecordedCall[] = [];
  const streams = new Map<string, RecordedCall>();
  let last: RecordedCall | undefined; // a stream whose start is not in this batch: its pieces join the one before
  for (const call of calls) {
    if (!STREAM.includes(call.method)) {
      out.push(call);
      continue;
    }
    const piece = str(call.args.markdown_text) ?? chunkText(call.args.chunks);
    const ts = call.method === "chat.startStream" ? str(call.response?.ts) : str(call.args.ts);
    const open = call.method === "chat.startStream" ? undefined : ((ts && streams.get(ts)) ?? last);
    if (open) {
      open.args.markdown_text = `${String(open.args.markdown_text ?? "")}${piece}`;
      continue;
    }
    const merged = { ...call, method: "stream", args: { ...call.args, markdown_text: piece } };
    if (ts) streams.set(ts, merged);
    last = merged;
    out.push(merged);
  }
  return out;
}

interface Shown {
  where: string;
  message: { text?: unknown; blocks?: unknown };
  target?: ClickTarget;
}

function describe(call: RecordedCall, ctx: RenderContext): Shown | undefined {
  const a = call.args;
  const r = call.response ?? {};
  const me = ctx.me;
  switch (call.method) {
    case "chat.postMessage": {
      const channel = str(r.channel) ?? str(a.channel);
      const ts = str(r.ts);
      return {
        where: dest(channel, me, str(a.thread_ts)),
        message: a,
        target: channel && ts ? { kind: "message", channel, ts, threadTs: str(a.thread_ts), ephemeral: false } : undefined,
      };
    }
    case "chat.update":
      return {
        where: "(card updated)",
        message: a,
        target: { kind: "message", channel: str(a.channel) ?? "?", ts: str(a.ts) ?? "?", ephemeral: false },
      };
    case "chat.postEphemeral": {
      const who = a.user === me ? "only you can see this" : `only ${String(a.user)} can see this`;
      const ts = str(r.message_ts) ?? ctx.nextTs();
      return {
        where: `${dest(str(a.channel), me, str(a.thread_ts))} · ${who}`,
        message: a,
        target: { kind: "message", channel: str(a.channel) ?? ctx.commandChannel, ts, ephemeral: true },
      };
    }
    case "respond":
    case "ack": {
      if (a.delete_original === true) return { where: "(your earlier message was deleted)", message: {} };
      const where =
        a.replace_original === true
          ? "(replaces the message you clicked)"
          : a.response_type === "in_channel"
            ? "in the channel"
            : "only you can see this";
      return {
        where,
        message: a,
        target: { kind: "message", channel: ctx.commandChannel, ts: ctx.nextTs(), ephemeral: a.response_type !== "in_channel" },
      };
    }
    case "views.publish": {
      const viewId = str((r.view as Record<string, unknown> | undefined)?.id) ?? "V0HOME";
      return {
        where: a.user_id === me ? "your Home tab" : `Home tab of ${String(a.user_id)}`,
        message: a.view as Shown["message"],
        target: { kind: "view", viewId },
      };
    }
    case "views.open":
    case "views.push":
    case "views.update": {
      const view = (a.view ?? {}) as Record<string, unknown>;
      const title = String((view.title as Record<string, unknown> | undefined)?.text ?? "");
      const viewId = str((r.view as Record<string, unknown> | undefined)?.id) ?? "V0MODAL";
      return { where: `modal · ${title}`, message: view, target: { kind: "view", viewId } };
    }
    case "stream":
      return {
        where: `${dest(str(a.channel), me, str(a.thread_ts) ?? str(a.ts))} · streamed`,
        // Steps are kept apart with blank lines; markdown shows a run of them as one, and so does the console.
        message: {
          blocks: [
            {
              type: "markdown",
              text: String(a.markdown_text ?? "")
                .replace(/\n{3,}/g, "\n\n")
                .trim(),
            },
          ],
        },
      };
    default:
      if (UNSEEN.test(call.method) || (!a.text && !a.blocks)) return undefined;
      return { where: call.method, message: a };
  }
}

/** Renders new calls as console text; buttons are numbered from `firstButton` across all of them. */
export function renderCalls(calls: readonly RecordedCall[], ctx: RenderContext, firstButton = 1): RenderedOutput {
  const { style } = ctx;
  const parts: string[] = [];
  const buttons: ClickableButton[] = [];
  let modal: OpenedModal | undefined;
  let numbered = 0;
  for (const call of mergeStreams(calls)) {
    if (call.response?.ok === false && !UNSEEN.test(call.method)) {
      // What Slack would have refused is shown as refused, not as if it had happened.
      parts.push(style.danger(`(Slack refused ${call.method}: ${String(call.response.error ?? "error")})`));
      continue;
    }
    const shown = describe(call, ctx);
    if (!shown) continue;
    const rendered = renderMessage(shown.message ?? {}, style, firstButton + numbered);
    numbered += rendered.buttons.length;
    const body = rendered.lines.map((line) => (line ? `  ${line}` : ""));
    parts.push([`${style.bold("Maestro")} ${style.dim(`→ ${shown.where}`)}`, ...body].join("\n"));
    if (shown.target) buttons.push(...rendered.buttons.map((b) => ({ ...b, target: shown.target! })));
    if (call.method === "views.open" && shown.target?.kind === "view")
      modal = { viewId: shown.target.viewId, view: shown.message as Record<string, unknown> };
  }
  return { text: parts.join("\n\n"), buttons, ...(modal ? { modal } : {}) };
}
