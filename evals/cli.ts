// `maestro evals` after its arguments are parsed: picks the scenarios and the mode, runs the suite, prints the summary.
// Reached from src/cli/commands/evals.ts by a dynamic import (evals/ is not in the container image).
import type { CliIO } from "../src/cli/command.ts";
import { loadConfig, testDatabaseUrl } from "../src/config.ts";
import { evalAppConfig } from "./eval-config.ts";
import { liveMode, recordingMode, replayMode, scriptedMode, type ModelMode } from "./models/model-modes.ts";
import { summaryTable } from "./report/markdown.ts";
import { runSuite } from "./runner.ts";
import { SCENARIOS } from "./scenarios/index.ts";
import { SelectionError, selectScenarios } from "./select.ts";

export interface EvalsOptions {
  type?: string;
  category?: string;
  scenario?: string;
  live: boolean;
  record: boolean;
  replay: boolean;
  trials: number;
  threshold: number;
  list: boolean;
}

export { SelectionError };

/** Exit codes: 0 pass, 1 the gate failed, 2 cannot run as asked (no API key). Throws SelectionError for bad filters. */
export async function runEvalsCli(options: EvalsOptions, io: CliIO): Promise<number> {
  const scenarios = selectScenarios(SCENARIOS, { type: options.type, category: options.category, scenario: options.scenario });
  if (options.list) {
    for (const s of scenarios) io.out(`${s.id.padEnd(48)} ${s.category.padEnd(12)} ${s.description}`);
    return 0;
  }
  const config = loadConfig();
  const databaseUrl = testDatabaseUrl() ?? config.database.url;
  const engine = databaseUrl ? "postgres" : "pglite";
  const live = options.live || options.record;
  let models: ModelMode;
  if (live) {
    if (!config.anthropic.apiKey) {
      io.err(
        `\`maestro evals ${options.record ? "--record" : "--live"}\` needs ANTHROPIC_API_KEY (in the environment or .env) to call the model. Nothing was run.`,
      );
      return 2;
    }
    models = liveMode({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, model: config.anthropic.model });
    if (options.record) models = recordingMode(models, { engine });
  } else {
    models = options.replay ? replayMode({ engine }) : scriptedMode();
  }
  if (options.trials > 1 && !live) io.err("Note: scripted and replayed runs are deterministic; --trials repeats identical runs.");

  io.out(
    `Running ${scenarios.length} scenario(s), ${models.mode}, on ${databaseUrl ? "PostgreSQL" : "the embedded engine (PGlite)"}${options.trials > 1 ? `, ${options.trials} trials each` : ""}…`,
  );
  const { report, exitCode, files } = await runSuite({
    scenarios,
    models,
    config: evalAppConfig(config),
    databaseUrl,
    trials: options.trials,
    threshold: options.threshold,
    filters: { type: options.type, category: options.category, scenario: options.scenario },
    out: io.out,
  });
  io.out("");
  for (const note of report.notes) io.out(note);
  io.out("");
  io.out(summaryTable(report));
  io.out("");
  io.out(report.gate.pass ? "PASS" : `FAIL: ${report.gate.reasons.join("; ")}`);
  if (files) io.out(`Report: ${files.md}`);
  return exitCode;
}
