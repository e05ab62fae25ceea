// The recording of one scenario's model exchanges (evals/recordings/<scenario>.json): written by --record, served by --replay.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelRequest, ModelResponse } from "../../src/agent/model-client.ts";
import type { ModelExchange } from "../harness/evidence.ts";
import { digestRequest, type RequestDigest } from "./request-digest.ts";

export const RECORDINGS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../recordings");

export interface RecordedExchange {
  digest: RequestDigest;
  /** The transcript sent, to show where a later request departs from it. */
  messages: ModelRequest["messages"];
  response?: ModelResponse;
  /** A failed call (e.g. a live 529): replayed as the same failure. */
  error?: { status?: number; message: string };
}

export interface Recording {
  scenario: string;
  recordedAt: string;
  model: string;
  engine: string;
  exchanges: RecordedExchange[];
}

export const recordingPath = (scenarioId: string, dir = RECORDINGS_DIR) => path.join(dir, `${scenarioId}.json`);

export function toRecording(scenario: string, model: string, engine: string, exchanges: readonly ModelExchange[]): Recording {
  return {
    scenario,
    recordedAt: new Date().toISOString(),
    model,
    engine,
    exchanges: exchanges.map((x) => ({
      digest: digestRequest(x.request),
      messages: x.request.messages,
      ...(x.response ? { response: x.response } : {}),
      ...(x.error
        ? { error: { status: /\b(\d{3})\b/.exec(x.error)?.[1] ? Number(/\b(\d{3})\b/.exec(x.error)![1]) : undefined, message: x.error } }
        : {}),
    })),
  };
}

export function writeRecording(recording: Recording, dir = RECORDINGS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = recordingPath(recording.scenario, dir);
  fs.writeFileSync(file, `${JSON.stringify(recording, null, 1)}\n`);
  return file;
}

export function readRecording(scenarioId: string, dir = RECORDINGS_DIR): Recording | undefined {
  const file = recordingPath(scenarioId, dir);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Recording;
}
