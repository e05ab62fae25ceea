// Whether a run has read untrusted text: a tool result (not an error) of a tool that declares untrusted fields,
// carrying text in one of them, in a message the run wrote. Derived from the stored transcript, so it holds across
// steps, resumes, restarts and replicas with nothing else to keep.
import type Anthropic from "@anthropic-ai/sdk";
import type { ToolRegistry } from "../../tools/registry.ts";
import { untrustedFieldInText, type UntrustedRead } from "../../tools/untrusted-output.ts";
import { isToolResult, isToolUse, type StoredMessage } from "../history.ts";

const resultText = (block: Anthropic.ToolResultBlockParam): string =>
  typeof block.content === "string" ? block.content : (block.content ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");

/**
 * The first untrusted read of run `runId` in `transcript`, oldest first; undefined when the run has read no outside
 * text. Earlier runs' reads do not count: each message from the person starts a run, and that message is their request.
 */
export function untrustedReadIn(registry: ToolRegistry, transcript: readonly StoredMessage[], runId: string): UntrustedRead | undefined {
  const toolOf = new Map<string, string>();
  for (const message of transcript) {
    if (message.agent_run_id !== runId) continue;
    for (const block of message.content) {
      if (isToolUse(block)) toolOf.set(block.id, block.name);
      if (!isToolResult(block) || block.is_error) continue;
      const tool = toolOf.get(block.tool_use_id);
      const fields = tool === undefined ? undefined : registry.get(tool)?.untrusted;
      const field = fields && untrustedFieldInText(fields, resultText(block));
      if (tool !== undefined && field) return { tool, field };
    }
  }
  return undefined;
}
