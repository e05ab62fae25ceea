// The model call's own deadlines, on our timers rather than the SDK's (whose timeout covers the headers only): a
// whole-call deadline and a silence (idle) deadline, each aborting with a ModelTimeoutError that says which fired.

/** A model call cut by one of our deadlines: `idle` (no bytes for `ms`) or `total` (the step's whole time ran out). */
export class ModelTimeoutError extends Error {
  constructor(
    readonly kind: "idle" | "total",
    readonly ms: number,
  ) {
    super(kind === "idle" ? `the model sent nothing for ${ms} ms` : `the model step ran out of its ${ms} ms`);
    this.name = "ModelTimeoutError";
  }
}

/** An AbortSignal that aborts after `ms` with a ModelTimeoutError of `kind`; `clear()` disarms it. */
export function deadlineSignal(kind: ModelTimeoutError["kind"], ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ModelTimeoutError(kind, ms)), Math.max(0, ms));
  timer.unref?.();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * The idle deadline: aborts after `ms` without a `touch()` (each chunk of bytes touches it). A call that hangs before
 * its headers is as silent as a stream that stops mid-way, so the timer runs from the start.
 */
export function idleWatch(ms: number): { signal: AbortSignal; touch(): void; clear(): void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (controller.signal.aborted) return;
    timer = setTimeout(() => controller.abort(new ModelTimeoutError("idle", ms)), ms);
    timer.unref?.();
  };
  arm();
  return { signal: controller.signal, touch: arm, clear: () => clearTimeout(timer) };
}

/** Settles as `work` does, or rejects with the signal's reason as soon as it aborts (for a client that ignores it). */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A fetch whose response body touches `onBytes` per chunk, and whose headers' arrival does too. */
export function watchedFetch(base: typeof fetch, onBytes: () => void): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    onBytes();
    if (!response.body) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onBytes();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
