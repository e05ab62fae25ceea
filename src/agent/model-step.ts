// One model step: the request (tools and system cached, history within budget), the call with its deadlines and
// retries (model-call.ts), and the step's record — usage, the model's message and, when the step ends the run, the run — in one commit.
import { performance } from "node:perf_hooks";
import type Anthropic from "@anthropic-ai/sdk";
import type { TurnOutcome } from "./agent-types.ts";
import { buildHistory, estimateTokens } from "./history.ts";
import { callModel } from "./model-call.ts";
import type { ModelRequest, ModelResponse } from "./model-client.ts";
import { classifyModelError } from "./model-errors.ts";
import { costOf } from "./pricing.ts";
import { SYSTEM_PROMPT } from "./prompt.ts";
import { stopOf } from "./stop.ts";
import { failRun, type RunLoop } from "./run-loop.ts";
import type { Runtime } from "./runtime.ts";
import { appendMessage, loadTranscript, type MessageRow, type TranscriptBlock } from "./stores/conversation-store.ts";
import { finishRun, recordUsage } from "./stores/run-store.ts";

/** The request prefix (tools + system) is identical on every call, so it is cached for an hour. */
export function buildRequest(rt: Runtime, messages: Anthropic.MessageParam[]): ModelRequest {
  return {
    model: rt.config.anthropic.model,
    max_tokens: rt.limits.maxOutputTokens,
    system: [{ type: "text", text: SYSTEM_PROMPT, cache_control: { type: "ephemeral", ttl: "1h" } }],
    tools: rt.registry.modelDefinitions() as unknown as Anthropic.Tool[],
    messages,
    // Automatic caching of the conversation tail: each turn reads the previous turn's prefix.
    cache_control: { type: "ephemeral" },
    ...(rt.config.anthropic.effort ? { output_config: { effort: rt.config.anthropic.effort } } : {}),
  };
}

export const textOf = (content: readonly Anthropic.ContentBlock[]) =>
  content
    .filter((b): b is Anthropic.TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("\n")
    .trim();

/** The step's one transaction; returns the stored model message (none when the context window overflowed). */
async function recordStep(loop: RunLoop, response: ModelResponse, started: number): Promise<MessageRow | undefined> {
  const { rt, run } = loop;
  const usage = costOf(response.model ?? rt.config.anthropic.model, response.usage, rt.prices);
  rt.logger.info({ runId: run.id, stop: response.stop_reason, ...usage }, "agent.model.end");
  const stop = response.stop_reason;
  // What the step keeps: a tool call cut off by max_tokens is never stored (so never run).
  const kept = stop === "max_tokens" ? response.content.filter((b) => b.type === "text") : response.content;
  const ending = stop === "max_tokens" || stop === "refusal" ? stop : null;
  const terminal = stop !== "tool_use" && stop !== "pause_turn" && stop !== "model_context_window_exceeded";
  return rt.db.transaction(async (trx) => {
    const at = rt.clock.now();
    const latencyMs = Math.round(performance.now() - started);
    await recordUsage(
      trx,
      { runId: run.id, purpose: "agent", model: rt.config.anthropic.model, ...usage, latencyMs, stopReason: stop },
      at,
    );
    if (stop === "model_context_window_exceeded") return undefined;
    const blocks: TranscriptBlock[] = kept.length ? [...kept] : [{ type: "text", text: "(no reply)" }];
    const message = await appendMessage(
      trx,
      { conversationId: loop.conversation.id, role: "assistant", content: blocks, runId: run.id, tokenEstimate: estimateTokens(blocks) },
      at,
    );
    if (terminal) await finishRun(trx, run.id, { status: "completed", error: ending }, at);
    return message;
  });
}

export type ModelStep = { ok: true; response: ModelResponse; assistant: MessageRow | undefined } | { ok: false; outcome: TurnOutcome };

/** Calls the model on the conversation so far and records what it said; a failed call ends the run. */
export async function takeModelStep(loop: RunLoop): Promise<ModelStep> {
  const { rt, run } = loop;
  loop.transcript ??= await loadTranscript(rt.db, loop.conversation.id);
  const request = buildRequest(rt, buildHistory(loop.transcript, loop.budget).messages);
  loop.observer?.onStatus?.("thinking…");
  const started = performance.now();
  let response: ModelResponse;
  try {
    response = await callModel(loop, request);
  } catch (error) {
    // A Stop is not a model failure: the loop ends the run as stopped.
    if (stopOf(loop.signal)) throw error;
    const failure = classifyModelError(error);
    rt.logger.error({ runId: run.id, failure: failure.logMessage }, "agent.run.failed");
    return { ok: false, outcome: await failRun(loop, failure.userMessage, failure.logMessage) };
  }
  loop.calls += 1;
  return { ok: true, response, assistant: await recordStep(loop, response, started) };
}
