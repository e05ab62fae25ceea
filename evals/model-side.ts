// Helpers for writing the model's side of a scenario: respond, call tools, and read what the model was just shown.
import Anthropic from "@anthropic-ai/sdk";
import type { ModelRequest } from "../src/agent/model-client.ts";

export { callTools, hangsUntilAborted, reply, stopWith } from "../src/testing/scripted-model.ts";

/** The tool results in the last message the model received (parsed JSON when they are JSON, else the text). */
export function toolResults(request: ModelRequest): { content: unknown; isError: boolean }[] {
  const last = request.messages.at(-1);
  const blocks = typeof last?.content === "string" ? [] : (last?.content ?? []);
  return blocks
    .filter((b): b is Anthropic.ToolResultBlockParam => b.type === "tool_result")
    .map((b) => {
      const text = typeof b.content === "string" ? b.content : (b.content ?? []).map((c) => ("text" in c ? c.text : "")).join("");
      try {
        return { content: JSON.parse(text) as unknown, isError: !!b.is_error };
      } catch {
        return { content: text, isError: !!b.is_error };
      }
    });
}

/** The first (or n-th) tool result the model was just shown, as the tool's JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function seen(request: ModelRequest, index = 0): any {
  const result = toolResults(request)[index];
  if (!result) throw new Error(`The model was shown no tool result #${index + 1} in its last message`);
  return result.content;
}

/** The result of the model's latest call of `tool` anywhere in the transcript ("the first one" from an earlier turn). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultOf(request: ModelRequest, tool: string): any {
  const ids = new Set<string>();
  for (const message of request.messages) {
    if (message.role !== "assistant" || typeof message.content === "string") continue;
    for (const block of message.content) if (block.type === "tool_use" && block.name === tool) ids.add(block.id);
  }
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const content = request.messages[i]!.content;
    if (typeof content === "string") continue;
    const hit = [...content].reverse().find((b): b is Anthropic.ToolResultBlockParam => b.type === "tool_result" && ids.has(b.tool_use_id));
    if (hit) return toolResults({ ...request, messages: [{ role: "user", content: [hit] }] })[0]!.content;
  }
  throw new Error(`The model has seen no result of ${tool} in this conversation`);
}

/** The text the model was shown last (a tool error, a cancellation note, or the user's words). */
export function seenText(request: ModelRequest): string {
  const last = request.messages.at(-1);
  if (typeof last?.content === "string") return last.content;
  return JSON.stringify(last?.content ?? "");
}

/** Anthropic's 529 "overloaded", as the SDK raises it. */
export const overloaded = () =>
  new Anthropic.InternalServerError(
    529,
    { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    "Overloaded",
    new Headers(),
  );
