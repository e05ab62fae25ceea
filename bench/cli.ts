// `maestro bench [suite…] [--quick]`: benchmarks against baselines measured in the same run (loaded on demand by
// src/cli/commands/bench.ts).
import { parseCommandArgs, UsageError, type Command } from "../src/cli/command.ts";
import { loadConfig } from "../src/config.ts";
import { runBench, selectSuites } from "./runner.ts";
import { SUITES } from "./suites/index.ts";

export const benchCommand: Command = {
  usage:
    `maestro bench [${SUITES.map((s) => s.name).join("|")} …] [--quick] [--strict]\n\n` +
    SUITES.map((s) => `  ${s.name.padEnd(8)} ${s.summary}`).join("\n") +
    "\n\n" +
    "  --quick   fewer rounds on a 5 % studio in <MAESTRO_BENCH_DATABASE_URL>_quick (CI-sized)\n" +
    "  --strict  exit 1 when any target is missed\n\n" +
    "Runs on MAESTRO_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/maestro_bench), creating,\n" +
    "migrating and seeding the large studio when it is missing (about 40 s). Prints a table and writes\n" +
    "bench/results/<timestamp>.json.",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { quick: { type: "boolean", default: false }, strict: { type: "boolean", default: false } },
      true,
    );
    const { suites, unknown } = selectSuites(positionals);
    if (unknown.length) throw new UsageError(`Unknown suite ${unknown.join(", ")}: choose from ${SUITES.map((s) => s.name).join(", ")}.`);
    const { results } = await runBench({ suites, quick: values.quick, config: loadConfig(), out: io.out });
    const crashed = results.suites.some((s) => s.error);
    return crashed || (values.strict && results.summary.fail > 0) ? 1 : 0;
  },
};
