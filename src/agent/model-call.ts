// One model step's call under its deadlines. The loop is the only layer that retries a model call (the SDK makes
// none): retryable failures are tried again after the service's retry-after or a short backoff, while the step's
// whole deadline (MAESTRO_MODEL_TIMEOUT_MS) lasts. Each try is also cut by the idle deadline (no bytes for
// MAESTRO_MODEL_IDLE_TIMEOUT_MS), and the person is told "still working" once the model has been silent for
// MAESTRO_PROGRESS_NOTICE_MS. See docs/recovery.md, "Deadlines".
import { performance } from "node:perf_hooks";
import type { TurnObserver } from "./agent-types.ts";
import type { ModelRequest, ModelResponse } from "./model-client.ts";
import { deadlineSignal, raceSignal } from "./model-deadline.ts";
import { classifyModelError, retryDelayMs } from "./model-errors.ts";
import type { Runtime } from "./runtime.ts";

/** What the person reads when the model has said nothing for a while: it names the bound they wait at most. */
export function stillWorkingNotice(stepMs: number): string {
  const bound = stepMs >= 90_000 ? `${Math.round(stepMs / 60_000)} minutes` : `${Math.ceil(stepMs / 1000)} seconds`;
  return `Still working on it: the model is slow to answer right now. I'll reply here, or tell you what went wrong, within about ${bound}.`;
}

/** Calls `onSilence` once after `ms` without a `touch()`; `stop()` ends the watch. */
function silenceWatch(ms: number, onSilence: () => void): { touch(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(onSilence, ms);
    timer.unref?.();
  };
  arm();
  return { touch: arm, stop: () => clearTimeout(timer) };
}

export interface ModelCallScope {
  rt: Runtime;
  observer?: TurnObserver;
  /** The caller's abort (a Stop), combined with the step's own deadline. */
  signal?: AbortSignal;
  /** Set once the person was told "still working" in this run: they are told once. */
  noticed?: boolean;
}

/** Calls the model for one step; throws the last failure (classified by classifyModelError) when it gives up. */
export async function callModel(scope: ModelCallScope, request: ModelRequest): Promise<ModelResponse> {
  const { rt, observer } = scope;
  const { modelStepMs, modelIdleMs, progressNoticeMs } = rt.config.deadlines;
  const whole = deadlineSignal("total", modelStepMs);
  const signal = scope.signal ? AbortSignal.any([scope.signal, whole.signal]) : whole.signal;
  const endsAt = performance.now() + modelStepMs;
  const silence = silenceWatch(progressNoticeMs, () => {
    if (scope.noticed) return;
    scope.noticed = true;
    observer?.onNotice?.(stillWorkingNotice(modelStepMs));
  });
  const onTextDelta = (text: string) => {
    silence.touch();
    observer?.onTextDelta?.(text);
  };
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        // Raced as well, so a client that ignores the signal is still held to the deadline.
        const call = rt.model!.createMessage(request, { onTextDelta, signal, idleTimeoutMs: modelIdleMs });
        return await raceSignal(call, signal);
      } catch (error) {
        const failure = classifyModelError(error);
        const wait = retryDelayMs(error, attempt);
        rt.logger.warn({ attempt, failure: failure.logMessage, waitMs: wait }, "agent.model.error");
        const retry = failure.retryable && attempt < rt.limits.modelRetries && !signal.aborted && wait < endsAt - performance.now();
        if (!retry) throw error;
        observer?.onRetry?.();
        await raceSignal(rt.sleep(wait), signal);
      }
    }
  } finally {
    whole.clear();
    silence.stop();
  }
}
