// `maestro evals`: the scenario suite through the fake Slack transport on fresh databases, scored and gated (see evals/).
import { importFromCheckout, parseCommandArgs, UsageError, type Command } from "../command.ts";

/** The suite's default pass mark (evals/scoring.ts DEFAULT_THRESHOLD, repeated here so nothing in src/ loads evals/ eagerly). */
const DEFAULT_THRESHOLD = 0.85;

export const evalsCommand: Command = {
  usage:
    "maestro evals [--type maestro] [--category <name>] [--scenario <id>] [--live [--trials k] | --record | --replay] [--threshold 0.85] [--list]\n\n" +
    "  (default)      scripted: each scenario's script plays the model (no network, no key)\n" +
    "  --live         a real model (needs ANTHROPIC_API_KEY); --trials k runs each scenario k times (pass^1, pass^k)\n" +
    "  --record       live, and saves the model exchanges to evals/recordings/<scenario>.json\n" +
    "  --replay       serves the recordings; fails when a request no longer matches its recording\n" +
    `  --threshold    the suite score below which the run exits 1 (default ${DEFAULT_THRESHOLD}); invariant breaches always do,\n` +
    "                 and so does any failed scenario in scripted and replay runs (they are deterministic)\n\n" +
    "Each scenario gets a fresh database: a clone of the migrated template on PostgreSQL (TEST_DATABASE_URL, else\n" +
    "DATABASE_URL), else the embedded engine. Reports go to evals/reports/<timestamp>.json and .md.",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      type: { type: "string" },
      category: { type: "string" },
      scenario: { type: "string" },
      live: { type: "boolean", default: false },
      record: { type: "boolean", default: false },
      replay: { type: "boolean", default: false },
      trials: { type: "string" },
      threshold: { type: "string" },
      list: { type: "boolean", default: false },
    });
    const trials = values.trials === undefined ? 1 : Number(values.trials);
    if (!Number.isInteger(trials) || trials < 1 || trials > 50) throw new UsageError("--trials must be a whole number from 1 to 50.");
    const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
      throw new UsageError("--threshold must be a number from 0 to 1, e.g. 0.85.");
    if (values.replay && (values.live || values.record))
      throw new UsageError("--replay serves recordings: it cannot be combined with --live or --record.");

    // Loaded on demand: evals/ is left out of the container image, and every other command must load without it.
    const evals = await importFromCheckout(() => import("../../../evals/cli.ts"));
    if (!evals) {
      io.err("`maestro evals` needs the evals/ directory of a Maestro checkout (it is not in the container image).");
      return 2;
    }
    try {
      return await evals.runEvalsCli({ ...values, trials, threshold }, io);
    } catch (error) {
      if (error instanceof evals.SelectionError) throw new UsageError(error.message);
      throw error;
    }
  },
};
