// The gate: for one model message's tool calls, run the read/write ones now and turn each gated one
// into a pending action that waits, in PostgreSQL, for a human click. The loop enforces it; tools
// only declare their effect.
import type Anthropic from "@anthropic-ai/sdk";
import type { Actor } from "../../domain/actor.ts";
import { DomainError } from "../../domain/errors.ts";
import { insertPendingAction, type PendingActionRow } from "../../domain/pending-actions/pending-action-store.ts";
import type { SettledResult } from "../stores/run-store.ts";
import { classifyCall, executeTool } from "../../tools/execute.ts";
import { domainErrorText } from "../../tools/model-hints.ts";
import { canonicalJson, hashArgs, toolContextFor, type Runtime } from "../runtime.ts";
import { encodeOutcome } from "../tool-results.ts";

export interface StepResult {
  settled: SettledResult[];
  pending: PendingActionRow[];
}

export async function settleToolCalls(
  rt: Runtime,
  calls: readonly Anthropic.ToolUseBlock[],
  context: { actor: Actor; runId: string; stepSeq: number },
): Promise<StepResult> {
  const settled: SettledResult[] = [];
  const pending: PendingActionRow[] = [];
  const toolCtx = toolContextFor(rt, context.actor);
  for (const [index, call] of calls.entries()) {
    const settle = (content: string, isError: boolean) => settled.push({ tool_use_id: call.id, content, is_error: isError });
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
    let effect = classification.effect;
    if (effect.effect !== "gated") {
      // Decided again under the row lock as it writes: a call that became gated meanwhile is held for a card below.
      const outcome = await executeTool(rt.registry, call.name, call.input, toolCtx, rt.logger);
      rt.logger.info({ tool: call.name, effect: outcome.effect?.effect, ok: outcome.ok, runId: context.runId }, "tool.run.end");
      if (outcome.ok || outcome.error.code !== "needs_confirmation" || !outcome.effect) {
        const encoded = encodeOutcome(outcome, rt.limits.maxToolResultChars);
        settle(encoded.content, encoded.is_error);
        continue;
      }
      effect = outcome.effect;
    }
    // Gated: nothing runs. The preview refuses impossible calls now, so no card is posted for them.
    const tool = classification.tool;
    try {
      const preview = tool.preview
        ? await tool.preview(classification.args, { db: rt.db })
        : { summary: `${tool.name} ${canonicalJson(classification.args)}`, snapshot: {} };
      const canonical = canonicalJson(classification.args);
      const now = rt.clock.now();
      pending.push(
        await insertPendingAction(
          rt.db,
          {
            runId: context.runId,
            toolUseId: call.id,
            stepSeq: context.stepSeq,
            toolName: tool.name,
            args: JSON.parse(canonical) as Record<string, unknown>,
            argsHash: hashArgs(canonical),
            reason: effect.reason,
            snapshot: { ...preview.snapshot, summary: preview.summary },
            requestedBy: context.actor.userId,
            expiresAt: new Date(now.getTime() + rt.limits.pendingActionTtlMs),
          },
          now,
        ),
      );
      rt.logger.info({ tool: call.name, runId: context.runId }, "agent.gate.held");
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      settle(`Error (${error.code}): ${domainErrorText(error)}`, true);
    }
  }
  return { settled, pending };
}
