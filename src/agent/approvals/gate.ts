// The gate: for one model message's tool calls, run the read/write ones now and turn each gated one
// into a pending action that waits, in PostgreSQL, for a human click. The loop enforces it; tools
// only declare their effect and which of their result fields are untrusted text (docs/untrusted-text.md).
import type Anthropic from "@anthropic-ai/sdk";
import type { Actor } from "../../domain/actor.ts";
import { DomainError } from "../../domain/errors.ts";
import { insertPendingAction, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import type { SettledResult } from "../stores/run-store.ts";
import { classifyCall, executeTool } from "../../tools/execute.ts";
import { domainErrorText } from "../../tools/model-hints.ts";
import { effectAfterReads } from "../../tools/policy.ts";
import type { Tool } from "../../tools/tool.ts";
import type { UntrustedRead } from "../../tools/untrusted-output.ts";
import type { TurnObserver } from "../agent-types.ts";
import type { StoredMessage } from "../history.ts";
import { canonicalJson, hashArgs, toolContextFor, type Runtime } from "../runtime.ts";
import { encodeOutcome } from "../tool-results.ts";
import { failureSummary, resultSummary } from "./tool-summary.ts";
import { untrustedReadIn } from "./untrusted-reads.ts";

export interface StepResult {
  settled: SettledResult[];
  pending: PendingActionRow[];
}

export async function settleToolCalls(
  rt: Runtime,
  calls: readonly Anthropic.ToolUseBlock[],
  /**
   * `transcript`: the conversation as the model saw it when it proposed these calls (the gate reads this run's part).
   * `observer`: told as each call starts and how it ended (a surface shows the tool work).
   */
  context: {
    actor: Actor;
    runId: string;
    stepSeq: number;
    transcript: readonly StoredMessage[];
    observer?: Pick<TurnObserver, "onToolStart" | "onToolEnd">;
  },
): Promise<StepResult> {
  const settled: SettledResult[] = [];
  const pending: PendingActionRow[] = [];
  const toolCtx = toolContextFor(rt, context.actor);
  // Looked up once, and only when a write-class call needs it.
  let untrusted: { read: UntrustedRead | undefined } | undefined;
  const untrustedRead = () => (untrusted ??= { read: untrustedReadIn(rt.registry, context.transcript, context.runId) }).read;
  const observer = context.observer;
  for (const [index, call] of calls.entries()) {
    const named = { id: call.id, name: call.name };
    observer?.onToolStart?.(named);
    const settle = (content: string, isError: boolean, summary = isError ? failureSummary(content) : "Done") => {
      settled.push({ tool_use_id: call.id, content, is_error: isError });
      observer?.onToolEnd?.({ ...named, outcome: isError ? "failed" : "ok", summary });
    };
    if (index >= rt.limits.maxToolCallsPerStep) {
      settle(`Error: too many tool calls in one message (at most ${rt.limits.maxToolCallsPerStep}); this one was not run.`, true);
      continue;
    }
    const classification = await classifyCall(rt.registry, call.name, call.input, toolCtx).catch((error: unknown) => {
      rt.logger.error({ err: error, tool: call.name }, "agent.gate.classify_error");
      return {
        ok: false as const,
        error: { code: "internal" as const, message: `${call.name} could not be checked because of an internal error.` },
      };
    });
    if (!classification.ok) {
      settle(`Error (${classification.error.code}): ${classification.error.message}`, true);
      continue;
    }
    let effect = effectAfterReads(classification.effect, classification.effect.effect === "write" ? untrustedRead() : undefined);
    // A write held because this run read untrusted text: once confirmed it runs as the write it is (expectationOf).
    const heldWrite = effect.effect === "gated" && classification.effect.effect === "write";
    if (effect.effect !== "gated") {
      // Decided again under the row lock as it writes: a call that became gated meanwhile is held for a card below.
      const outcome = await executeTool(rt.registry, call.name, call.input, toolCtx, rt.logger);
      rt.logger.info({ tool: call.name, effect: outcome.effect?.effect, ok: outcome.ok, runId: context.runId }, "tool.run.end");
      if (outcome.ok || outcome.error.code !== "needs_confirmation" || !outcome.effect) {
        const encoded = encodeOutcome(outcome, rt.limits.maxToolResultChars);
        settle(encoded.content, encoded.is_error, outcome.ok ? resultSummary(outcome.result) : undefined);
        continue;
      }
      effect = outcome.effect;
    }
    // Gated: nothing runs. The preview refuses impossible calls now, so no card is posted for them.
    try {
      pending.push(await holdForCard(rt, classification.tool, classification.args, { call, reason: effect.reason, heldWrite }, context));
      rt.logger.info({ tool: call.name, runId: context.runId, held: classification.effect.effect }, "agent.gate.held");
      observer?.onToolEnd?.({ ...named, outcome: "held", summary: effect.reason });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      settle(`Error (${error.code}): ${domainErrorText(error)}`, true);
    }
  }
  return { settled, pending };
}

/** The pending action a gated call waits in (its card's words from the tool's preview); a DomainError refuses the call. */
async function holdForCard(
  rt: Runtime,
  tool: Tool,
  args: unknown,
  held: { call: Anthropic.ToolUseBlock; reason: string; heldWrite: boolean },
  context: { actor: Actor; runId: string; stepSeq: number },
): Promise<PendingActionRow> {
  const preview = tool.preview
    ? await tool.preview(args, { db: rt.db })
    : { summary: `Run ${tool.name} with the arguments below`, snapshot: {} };
  const canonical = canonicalJson(args);
  const now = rt.clock.now();
  return insertPendingAction(
    rt.db,
    {
      runId: context.runId,
      toolUseId: held.call.id,
      stepSeq: context.stepSeq,
      toolName: tool.name,
      args: JSON.parse(canonical) as Record<string, unknown>,
      argsHash: hashArgs(canonical),
      reason: held.reason,
      snapshot: {
        ...preview.snapshot,
        summary: preview.summary,
        ...(preview.quoted?.length ? { quoted: preview.quoted } : {}),
        // The typed change the card renders (its before → after as read now); not a precondition, like the summary.
        ...(preview.change ? { change: preview.change } : {}),
        // A write held because this run read untrusted text: once confirmed it runs as the write it is (expectationOf).
        ...(held.heldWrite ? { tool_effect: "write" } : {}),
      },
      requestedBy: context.actor.userId,
      expiresAt: new Date(now.getTime() + rt.limits.pendingActionTtlMs),
    },
    now,
  );
}
