// Interleaved measurement: every variant runs once per round, in a rotating order, so machine drift,
// cache warmth and GC pauses fall on all of them alike (these machines are noisy).
import { performance } from "node:perf_hooks";

/** One thing to time. `run` returns its own sample in ms when it measures itself, or nothing to be timed whole. */
export interface Variant {
  name: string;
  run(): Promise<number | void>;
}

export interface MeasureOptions {
  /** Unmeasured rounds first: JIT, plan caches, connection pool and buffer cache. */
  warmup: number;
  /** Measured rounds. */
  iterations: number;
}

/** Milliseconds `fn` takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function sample(variant: Variant): Promise<number> {
  const started = performance.now();
  const own = await variant.run();
  return typeof own === "number" ? own : performance.now() - started;
}

/**
 * Runs `warmup` + `iterations` rounds; in round r the variants start at index r mod n (A B C, B C A,
 * C A B …), so no variant always runs first after a pause or last before one. Returns samples by name.
 */
export async function measureInterleaved(variants: readonly Variant[], options: MeasureOptions): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const rounds = options.warmup + options.iterations;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]!;
      const ms = await sample(variant);
      if (round >= options.warmup) samples[variant.name]!.push(ms);
    }
  }
  return samples;
}
