// `maestro bench`: the benchmark command lives in bench/ (outside the product), loaded only when this command runs.
import { importFromCheckout, type Command } from "../command.ts";

/** The command of bench/cli.ts, or one that explains why it cannot run (the container image has no bench/). */
export async function loadBenchCommand(): Promise<Command> {
  const bench = await importFromCheckout(() => import("../../../bench/cli.ts"));
  if (bench) return bench.benchCommand;
  return {
    usage: "maestro bench [suite…] [--quick] [--strict]",
    async run(_argv, io) {
      io.err("`maestro bench` needs the bench/ directory of a Maestro checkout (it is not in the container image).");
      return 2;
    },
  };
}
