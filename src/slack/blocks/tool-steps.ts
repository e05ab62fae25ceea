// Tool work as a person reads it: a task_update chunk per call for a streamed reply, or — where there is no stream — one
// compact message of steps that is updated as they end. Titles are the tool's plain-language step, never its name.
import type { TaskUpdateChunk } from "@slack/types";
import type { ToolCallEnd, ToolCallOutcome, ToolCallStart } from "../../agent/agent-types.ts";
import { toolPhrase } from "../delivery/tool-phrases.ts";
import { context, type Message } from "./kit.ts";
import { LIMITS, safeText } from "./limits.ts";

/** Slack's task states: a held call waits (pending) for a person's click. */
const TASK_STATUS: Record<ToolCallOutcome, TaskUpdateChunk["status"]> = { ok: "complete", failed: "error", held: "pending" };
const ICON: Record<ToolCallOutcome | "running", string> = { running: "⏳", ok: "✅", failed: "⚠️", held: "✋" };

export const HELD_OUTPUT = "Needs your confirmation";

/** What a person reads as a call's outcome. */
export function stepOutput(call: ToolCallEnd): string {
  return call.outcome === "held" ? `${HELD_OUTPUT}: ${call.summary}` : call.summary;
}

/** One chunk for a call that starts (in progress) or ended (complete, error, or pending on a card). */
export function taskChunk(call: ToolCallStart | ToolCallEnd): TaskUpdateChunk {
  const ended = "outcome" in call;
  return {
    type: "task_update",
    id: call.id,
    title: toolPhrase(call.name),
    status: ended ? TASK_STATUS[call.outcome] : "in_progress",
    ...(ended && call.summary ? { output: stepOutput(call).slice(0, 500) } : {}),
  };
}

/** A step as the fallback message lists it. */
export type StepLine = ToolCallStart | ToolCallEnd;

/** The fallback: one context block of steps, in the order they started (at most the block's 10 elements). */
export function toolStepsMessage(steps: readonly StepLine[]): Message {
  const lines = steps.map((step) => {
    const ended = "outcome" in step;
    const icon = ICON[ended ? step.outcome : "running"];
    const title = toolPhrase(step.name);
    return ended ? `${icon} ${title} — ${stepOutput(step)}` : `${icon} ${title}…`;
  });
  const shown = lines.slice(-LIMITS.contextElements).map((line) => safeText(line, 300));
  return { text: lines.join("\n").slice(0, 2000), blocks: [context(...shown)] };
}
