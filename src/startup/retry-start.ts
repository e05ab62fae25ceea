// A start-up step retried with backoff while its peer is away: a log line per attempt, the probes told why, a
// setting that can never work thrown at once, and a stop signal honoured between attempts.
import type { Logger } from "../logger.ts";
import type { StartFailure } from "./start-failures.ts";
import type { StartProbes } from "./start-probes.ts";

export interface RetryOptions {
  logger: Logger;
  probes?: StartProbes;
  /** Aborted by SIGTERM/SIGINT while starting: stop retrying and give up. */
  signal?: AbortSignal;
  /** Waits between attempts, in ms (grows to the last one and stays). */
  delaysMs?: readonly number[];
}

/** 1 s doubling to 30 s: a database restarting is back within the first few; a long outage costs a line per 30 s. */
export const START_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000] as const;

export class StartAborted extends Error {
  constructor(what: string) {
    super(`start-up stopped while waiting for ${what}`);
    this.name = "StartAborted";
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** Runs `attempt` until it succeeds or fails fatally; `what` names the peer ("the database", "Slack"). */
export async function retryStart<T>(
  what: string,
  attempt: () => Promise<T>,
  read: (error: unknown) => StartFailure,
  options: RetryOptions,
): Promise<T> {
  const delays = options.delaysMs ?? START_RETRY_DELAYS_MS;
  for (let tries = 1; ; tries++) {
    if (options.signal?.aborted) throw new StartAborted(what);
    try {
      const result = await attempt();
      if (tries > 1) options.logger.info({ peer: what, attempts: tries }, "maestro.start.reached");
      return result;
    } catch (error) {
      const failure = read(error);
      if (failure.kind === "fatal") throw failure.error;
      const delay = delays[Math.min(tries - 1, delays.length - 1)]!;
      const reason = `waiting for ${what}: ${failure.reason} (attempt ${tries}, next in ${Math.round(delay / 1000)} s)`;
      options.logger.warn({ peer: what, attempt: tries, retryInMs: delay, reason: failure.reason }, "maestro.start.waiting");
      options.probes?.waitingFor(reason);
      await sleep(delay, options.signal);
    }
  }
}
