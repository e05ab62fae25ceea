// The loop of one run: call the model, store what it said, settle its tool calls, repeat until it
// answers, pauses on a gated call, or fails. Every step is written to PostgreSQL before the next.
import { performance } from "node:perf_hooks";
import type Anthropic from "@anthropic-ai/sdk";
import { finishRun, pauseRun, recordUsage, type RunRow } from "./stores/run-store.ts";
import {
  appendMessage,
  loadTranscript,
  type ConversationKey,
  type ConversationRow,
  type TranscriptBlock,
} from "./stores/conversation-store.ts";
import type { AgentUser, TurnObserver, TurnOutcome } from "./agent-types.ts";
import { toolResultOf } from "./approvals/paused-step.ts";
import { settleToolCalls } from "./approvals/gate.ts";
import { viewsOf } from "./approvals/views.ts";
import { buildHistory, estimateTokens, extendTranscript, type StoredMessage } from "./history.ts";
import type { ModelRequest, ModelResponse } from "./model-client.ts";
import { classifyModelError } from "./model-errors.ts";
import { costOf } from "./pricing.ts";
import { SYSTEM_PROMPT } from "./prompt.ts";
import { agentActor, type Runtime } from "./runtime.ts";

export const conversationKeyOf = (c: ConversationRow): ConversationKey => ({
  teamId: c.slack_team_id,
  channelId: c.slack_channel_id,
  threadTs: c.thread_ts,
});

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

const textOf = (content: readonly Anthropic.ContentBlock[]) =>
  content
    .filter((b): b is Anthropic.TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("\n")
    .trim();

async function callModel(rt: Runtime, request: ModelRequest, observer: TurnObserver | undefined): Promise<ModelResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rt.model!.createMessage(request, { onTextDelta: observer?.onTextDelta });
    } catch (error) {
      const failure = classifyModelError(error);
      rt.logger.warn({ attempt, failure: failure.logMessage }, "agent.model.error");
      if (!failure.retryable || attempt >= rt.limits.modelRetries) throw error;
      observer?.onRetry?.();
      await rt.sleep(Math.min(8_000, 500 * 2 ** attempt));
    }
  }
}

/** Runs model steps for `run` until a terminal outcome. The caller holds the conversation's turn lease. */
export async function runSteps(
  rt: Runtime,
  run: RunRow,
  conversation: ConversationRow,
  user: AgentUser,
  observer?: TurnObserver,
  notices: string[] = [],
): Promise<TurnOutcome> {
  const key = conversationKeyOf(conversation);
  const fail = async (userText: string, error: string): Promise<TurnOutcome> => {
    await finishRun(rt.db, run.id, { status: "failed", error }, rt.clock.now());
    return { kind: "failed", runId: run.id, conversation: key, text: userText, error };
  };
  let budget = rt.limits.historyTokenBudget;
  let calls = run.model_calls;
  // Read once per run, then carried from step to step: re-reading it cost a round trip per step and every message
  // parsed again, more as the thread grows. Read again whenever the seqs show that something else wrote to it.
  let transcript: StoredMessage[] | undefined;
  try {
    for (;;) {
      if (calls >= rt.limits.maxModelCallsPerRun) {
        const text = `I stopped after ${calls} steps without finishing. Ask me to continue, or narrow the question.`;
        await appendMessage(
          rt.db,
          { conversationId: conversation.id, role: "assistant", content: [{ type: "text", text }], runId: run.id, tokenEstimate: 20 },
          rt.clock.now(),
        );
        await finishRun(rt.db, run.id, { status: "completed", error: "model call limit reached" }, rt.clock.now());
        return { kind: "reply", runId: run.id, conversation: key, text, notices };
      }
      transcript ??= await loadTranscript(rt.db, conversation.id);
      const history = buildHistory(transcript, budget);
      const request = buildRequest(rt, history.messages);
      observer?.onStatus?.("thinking…");
      const started = performance.now();
      let response: ModelResponse;
      try {
        response = await callModel(rt, request, observer);
      } catch (error) {
        const failure = classifyModelError(error);
        rt.logger.error({ runId: run.id, failure: failure.logMessage }, "agent.run.failed");
        return await fail(failure.userMessage, failure.logMessage);
      }
      calls += 1;
      const usage = costOf(response.model ?? rt.config.anthropic.model, response.usage, rt.prices);
      rt.logger.info({ runId: run.id, stop: response.stop_reason, ...usage }, "agent.model.end");
      const content = response.content;
      const stop = response.stop_reason;
      // What the step keeps: a tool call cut off by max_tokens is never stored (so never run).
      const kept = stop === "max_tokens" ? content.filter((b) => b.type === "text") : content;
      const ending = stop === "max_tokens" || stop === "refusal" ? stop : null;
      const terminal = stop !== "tool_use" && stop !== "pause_turn" && stop !== "model_context_window_exceeded";
      // One transaction per step: usage, the model's message and (when it ends) the run — one commit.
      const assistant = await rt.db.transaction(async (trx) => {
        const at = rt.clock.now();
        await recordUsage(
          trx,
          {
            runId: run.id,
            purpose: "agent",
            model: rt.config.anthropic.model,
            ...usage,
            latencyMs: Math.round(performance.now() - started),
            stopReason: stop,
          },
          at,
        );
        if (stop === "model_context_window_exceeded") return undefined;
        const blocks: TranscriptBlock[] = kept.length ? [...kept] : [{ type: "text", text: "(no reply)" }];
        const message = await appendMessage(
          trx,
          { conversationId: conversation.id, role: "assistant", content: blocks, runId: run.id, tokenEstimate: estimateTokens(blocks) },
          at,
        );
        if (terminal) await finishRun(trx, run.id, { status: "completed", error: ending }, at);
        return message;
      });

      switch (stop) {
        case "tool_use": {
          const calls = content.filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
          observer?.onStatus?.(`running ${calls.map((c) => c.name).join(", ")}…`);
          const step = await settleToolCalls(rt, calls, { actor: agentActor(user, run.id), runId: run.id, stepSeq: assistant!.seq });
          if (step.pending.length) {
            await pauseRun(rt.db, run.id, assistant!.seq, step.settled, rt.clock.now());
            return {
              kind: "awaiting_confirmation",
              runId: run.id,
              conversation: key,
              text: textOf(content),
              actions: await viewsOf(rt, step.pending),
              notices,
            };
          }
          const results = step.settled.map(toolResultOf);
          const answered = await appendMessage(
            rt.db,
            { conversationId: conversation.id, role: "user", content: results, runId: run.id, tokenEstimate: estimateTokens(results) },
            rt.clock.now(),
          );
          transcript = extendTranscript(transcript, [assistant!, answered]);
          continue;
        }
        case "pause_turn":
          // A long server-side turn paused: it was stored as is; the model carries on from it.
          transcript = extendTranscript(transcript, [assistant!]);
          continue;
        case "model_context_window_exceeded": {
          transcript = undefined; // nothing of ours was appended, so nothing proves it unchanged
          if (budget > 4_000) {
            budget = Math.floor(budget / 3);
            rt.logger.warn({ runId: run.id, budget }, "agent.history.shrunk");
            continue;
          }
          return await fail(
            "This conversation has grown too long for me to follow. Start a new thread and ask again.",
            "context window exceeded",
          );
        }
        case "max_tokens":
          return {
            kind: "reply",
            runId: run.id,
            conversation: key,
            text: textOf(content) || "My answer ran over the length limit before I could finish.",
            notices: [...notices, "My reply hit the length limit and may be cut short. Ask for less at once."],
          };
        case "refusal":
          return { kind: "reply", runId: run.id, conversation: key, text: textOf(content) || "I can't help with that request.", notices };
        default:
          return { kind: "reply", runId: run.id, conversation: key, text: textOf(content) || "(no reply)", notices };
      }
    }
  } catch (error) {
    rt.logger.error({ err: error, runId: run.id }, "agent.run.crashed");
    return await fail(
      "Something went wrong on my side and I stopped. Nothing after the last confirmed step was changed. Please try again.",
      error instanceof Error ? error.message : String(error),
    );
  }
}
