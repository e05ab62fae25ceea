// Replay serves recorded responses while requests match, and fails loudly — naming what changed — when they do not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ModelRequest } from "../../src/agent/model-client.ts";
import { loadConfig, testDatabaseUrl } from "../../src/config.ts";
import { CATALOGUE } from "../../src/tools/catalogue.ts";
import { createRegistry } from "../../src/tools/registry.ts";
import { reply } from "../../src/testing/scripted-model.ts";
import { evalAppConfig } from "../eval-config.ts";
import type { ModelExchange } from "../harness/evidence.ts";
import { runSuite } from "../runner.ts";
import { intakeTriage } from "../scenarios/maestro-intake-triage.ts";
import { recordingMode, replayMode, scriptedMode } from "./model-modes.ts";
import { toRecording } from "./recording-file.ts";
import { digestRequest } from "./request-digest.ts";
import { ReplayMismatchError, ReplayModel } from "./replay-model.ts";

const request = (overrides: Partial<ModelRequest> = {}): ModelRequest => ({
  model: "claude-sonnet-5-5",
  max_tokens: 1000,
  system: [{ type: "text", text: "You are Maestro." }],
  tools: [{ name: "get_intake_queue", description: "List intakes.", input_schema: { type: "object" } }],
  messages: [{ role: "user", content: [{ type: "text", text: "What's in my queue?" }] }],
  ...overrides,
});

const recorded = (...requests: ModelRequest[]) => {
  const exchanges: ModelExchange[] = requests.map((r, i) => ({
    turn: 0,
    request: r,
    response: { ...reply(`answer ${i + 1}`), usage: {} } as never,
    latencyMs: 1,
  }));
  return toRecording("maestro-test", "claude-sonnet-5-5", "postgres", exchanges);
};

describe("ReplayModel", () => {
  it("serves the recorded responses in order while the requests match", async () => {
    const model = new ReplayModel(recorded(request(), request({ max_tokens: 1000 })));
    expect((await model.createMessage(request())).content).toMatchObject([{ type: "text", text: "answer 1" }]);
    expect((await model.createMessage(request())).content).toMatchObject([{ type: "text", text: "answer 2" }]);
    expect(model.mismatches).toEqual([]);
  });

  it.each([
    ["a changed system prompt", request({ system: [{ type: "text", text: "You are Maestro, terser." }] }), /the system prompt changed/],
    [
      "a changed tool description",
      request({ tools: [{ name: "get_intake_queue", description: "List the intakes.", input_schema: { type: "object" } }] }),
      /the tool definitions changed/,
    ],
    [
      "a changed message",
      request({ messages: [{ role: "user", content: [{ type: "text", text: "What's in the queue?" }] }] }),
      /message 1 \(user\) differs/,
    ],
  ])("fails loudly on %s", async (_what, changed, why) => {
    const model = new ReplayModel(recorded(request()), "pglite");
    await expect(model.createMessage(changed)).rejects.toThrow(ReplayMismatchError);
    expect(model.mismatches).toHaveLength(1);
    expect(model.mismatches[0]).toMatch(why);
    expect(model.mismatches[0]).toMatch(/recorded on postgres, replayed on pglite/);
  });

  it("fails when the run asks for more calls than were recorded", async () => {
    const model = new ReplayModel(recorded(request()));
    await model.createMessage(request());
    await expect(model.createMessage(request())).rejects.toThrow(/the recording has only 1 call/);
  });

  it("ignores values that differ between identical runs: minted uuids and measured durations", () => {
    const withResult = (uuid: string, ms: number) =>
      request({
        messages: [
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "t1", content: `{"id":"${uuid}","duration_ms":${ms},"detail":"took ${ms} ms"}` }],
          },
        ],
      });
    expect(digestRequest(withResult("0b8c1a7e-8d3f-4c1e-9a63-2f0e5b7d9c11", 3))).toEqual(
      digestRequest(withResult("6f1d2e3c-1111-4a2b-8c3d-9e8f7a6b5c4d", 41)),
    );
  });
});

describe("record, then replay", () => {
  it("replays a recorded scenario, and fails the run once a tool description changes", { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-recordings-"));
    const base = {
      scenarios: [intakeTriage],
      config: evalAppConfig(loadConfig({})),
      databaseUrl: testDatabaseUrl(),
      threshold: 0.85,
      reportsDir: null,
    };
    const recordedRun = await runSuite({ ...base, models: recordingMode(scriptedMode(), { engine: "test", dir }) });
    expect(recordedRun.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, "maestro-intake-triage.json"))).toBe(true);

    const replayed = await runSuite({ ...base, models: replayMode({ dir }) });
    expect(replayed.exitCode).toBe(0);
    expect(replayed.report.summary.passed).toBe(1);

    const reworded = () =>
      createRegistry(CATALOGUE.map((t) => (t.name === "get_intake_queue" ? { ...t, description: `${t.description} Newest first.` } : t)));
    const drifted = await runSuite({ ...base, models: replayMode({ dir }), registry: reworded });
    expect(drifted.exitCode).toBe(1);
    expect(drifted.report.gate.reasons.join(" ")).toMatch(/replay mismatch/);
    expect(drifted.report.scenarios[0]!.trials[0]!.errors.join(" ")).toMatch(
      /model call 1 does not match the recording — the tool definitions changed/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
