// The model's side per mode: scripted (the scenario's script, no network), live (Anthropic), record (live, saved to
// evals/recordings) and replay (the recordings, checked request by request).
import { createAnthropicModel } from "../../src/agent/anthropic-model.ts";
import type { ModelClient } from "../../src/agent/model-client.ts";
import { ScriptedModel } from "../../src/testing/scripted-model.ts";
import type { EvalMode, ModelExchange } from "../harness/evidence.ts";
import type { Refs, Scenario } from "../scenario.ts";
import { readRecording, recordingPath, toRecording, writeRecording } from "./recording-file.ts";
import { ReplayModel } from "./replay-model.ts";

export interface ScenarioModel {
  client: ModelClient;
  /** Scripted steps never asked for. */
  scriptLeft(): number;
  /** Requests that no longer matched their recording. */
  mismatches(): string[];
  /** After a trial: record mode writes the exchanges of the first trial. */
  finish(exchanges: readonly ModelExchange[], trial: number): string | undefined;
}

export interface ModelMode {
  mode: EvalMode;
  /** The model named in reports. */
  modelName: string;
  /** Why a scenario does not run in this mode; undefined when it runs. */
  skip(scenario: Scenario): string | undefined;
  create(scenario: Scenario, refs: Refs): ScenarioModel;
}

const none = () => [];

export function scriptedMode(): ModelMode {
  return {
    mode: "scripted",
    modelName: "scripted",
    skip: () => undefined,
    create(scenario, refs) {
      const model = new ScriptedModel(typeof scenario.model === "function" ? scenario.model(refs) : scenario.model);
      return { client: model, scriptLeft: () => model.remaining, mismatches: none, finish: () => undefined };
    },
  };
}

export function liveMode(options: { apiKey: string; baseUrl?: string; model: string }): ModelMode {
  // One client for the run: the SDK's connection pool is shared (it makes no retries: the agent's loop does).
  const client = createAnthropicModel({ apiKey: options.apiKey, baseURL: options.baseUrl });
  return {
    mode: "live",
    modelName: options.model,
    skip: (scenario) => (scenario.scriptedOnly ? `scripted only: ${scenario.scriptedOnly}` : undefined),
    create: () => ({ client, scriptLeft: () => 0, mismatches: none, finish: () => undefined }),
  };
}

/** Any mode, with the first trial's model exchanges saved per scenario for --replay (live with --record). */
export function recordingMode(inner: ModelMode, options: { engine: string; dir?: string }): ModelMode {
  return {
    ...inner,
    mode: "record",
    create(scenario, refs) {
      const model = inner.create(scenario, refs);
      return {
        ...model,
        finish(exchanges, trial) {
          model.finish(exchanges, trial);
          if (trial > 0) return undefined;
          return writeRecording(toRecording(scenario.id, inner.modelName, options.engine, exchanges), options.dir);
        },
      };
    },
  };
}

export function replayMode(options: { dir?: string; engine?: string } = {}): ModelMode {
  return {
    mode: "replay",
    modelName: "replay",
    skip: (scenario) => (scenario.scriptedOnly ? `scripted only: ${scenario.scriptedOnly}` : undefined),
    create(scenario) {
      const recording = readRecording(scenario.id, options.dir);
      if (!recording) {
        throw new Error(
          `no recording at ${recordingPath(scenario.id, options.dir)}: make one with \`maestro evals --record --scenario ${scenario.id}\``,
        );
      }
      const model = new ReplayModel(recording, options.engine);
      const extra: string[] = [];
      return {
        client: model,
        scriptLeft: () => 0,
        mismatches: () => [...model.mismatches, ...extra],
        finish() {
          if (model.unused > 0 && !model.mismatches.length) {
            extra.push(
              `Replay of ${scenario.id}: ${model.unused} recorded model call(s) were never asked for — the app now stops earlier than when it was recorded.`,
            );
          }
          return undefined;
        },
      };
    },
  };
}
