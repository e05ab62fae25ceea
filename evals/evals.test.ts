// The evals can fail: with one tool broken on purpose the suite fails, the scenarios that need it fail, and the exit
// code says so; the others still pass. And the catalogue holds what the issue asks for.
import { describe, expect, it } from "vitest";
import { loadConfig, testDatabaseUrl } from "../src/config.ts";
import { CATALOGUE } from "../src/tools/catalogue.ts";
import { createRegistry } from "../src/tools/registry.ts";
import { evalAppConfig } from "./eval-config.ts";
import { scriptedMode } from "./models/model-modes.ts";
import { runSuite } from "./runner.ts";
import { PARAPHRASE_SCENARIOS, SCENARIOS, SEED_SCENARIOS, SLACK_SCENARIOS } from "./scenarios/index.ts";
import { roleApproveAndVerify } from "./scenarios/maestro-role-approve-and-verify.ts";

const SEED_NAMES = [
  "maestro-intake-queue-summary",
  "maestro-intake-triage",
  "maestro-intake-detail",
  "maestro-role-approval-list",
  "maestro-role-approve-and-verify",
  "maestro-workflow-execution-summary",
  "maestro-workflow-failure-detail",
  "maestro-trigger-test-workflow",
  "maestro-toggle-workflow-rule",
  "maestro-funnel-stats",
  "maestro-weekly-activity-brief",
  "maestro-contact-pipeline",
  "maestro-health-check",
  "maestro-audit-log",
];

/** The catalogue with get_intake_queue's handler throwing, as a bug in it would. */
const withBrokenQueue = () =>
  createRegistry(
    CATALOGUE.map((tool) =>
      tool.name === "get_intake_queue"
        ? {
            ...tool,
            run: async () => {
              throw new Error("broken on purpose");
            },
          }
        : tool,
    ),
  );

describe("the scenario catalogue", () => {
  it("has the seeds' fourteen by name, sixteen and more of its own, and three paraphrase sets of three", () => {
    expect(SEED_SCENARIOS.map((s) => s.id)).toEqual(SEED_NAMES);
    expect(SLACK_SCENARIOS.length).toBeGreaterThanOrEqual(16);
    expect(PARAPHRASE_SCENARIOS).toHaveLength(9);
    expect(new Set(PARAPHRASE_SCENARIOS.map((s) => s.paraphraseOf)).size).toBe(3);
  });

  it("gives every scenario a unique id, a description, turns and checks", () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.id, s.id).toMatch(/^maestro-[a-z0-9-]+$/);
      expect(s.description.length, s.id).toBeGreaterThan(20);
      expect(s.turns.length, s.id).toBeGreaterThan(0);
      expect(s.checks.length, s.id).toBeGreaterThan(0);
    }
  });
});

describe("the evals can fail", () => {
  it("fails the suite with a non-zero exit when one tool is broken", { timeout: 240_000 }, async () => {
    const { report, exitCode } = await runSuite({
      scenarios: SCENARIOS,
      models: scriptedMode(),
      config: evalAppConfig(loadConfig({})),
      databaseUrl: testDatabaseUrl(),
      threshold: 0.85,
      registry: withBrokenQueue,
      reportsDir: null,
    });
    const status = Object.fromEntries(report.scenarios.map((s) => [s.id, s.status]));
    expect(exitCode).not.toBe(0);
    expect(report.gate.pass).toBe(false);
    expect(report.summary.failed).toBeGreaterThanOrEqual(1);
    // The scenarios that read the queue fail, through what Slack showed and what the model was told…
    expect(status["maestro-intake-queue-summary"]).toBe("failed");
    expect(status["maestro-slash-verbs"]).toBe("failed");
    const summary = report.scenarios.find((s) => s.id === "maestro-intake-queue-summary")!;
    expect(summary.trials[0]!.checks.filter((c) => !c.pass).map((c) => c.label)).toContain("Slack shows /4 open intakes/");
    // …while the others, which never call it, still pass: the failure points at the broken tool.
    expect(status["maestro-audit-log"]).toBe("passed");
    expect(status["maestro-role-approve-and-verify"]).toBe("passed");
    expect(report.summary.invariantBreaches).toBe(0);
  });

  it("catches a gate that stopped holding through the invariant, whatever the checks say", { timeout: 60_000 }, async () => {
    // approve_role_request declared reversible by mistake: it runs on the model's word, with no card to click.
    const ungated = () =>
      createRegistry(
        CATALOGUE.map((tool) =>
          tool.name === "approve_role_request" ? { ...tool, effect: { effect: "write" as const, reason: "broken on purpose" } } : tool,
        ),
      );
    const { report, exitCode } = await runSuite({
      scenarios: [roleApproveAndVerify],
      models: scriptedMode(),
      config: evalAppConfig(loadConfig({})),
      databaseUrl: testDatabaseUrl(),
      threshold: 0,
      registry: ungated,
      reportsDir: null,
    });
    const trial = report.scenarios[0]!.trials[0]!;
    expect(trial.invariants.find((i) => i.name === "no gated change without an authorized click")).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/role_request\.approve .* via agent with no matching click/),
    });
    expect(report.gate.reasons).toContain("1 invariant breach(es)");
    expect(exitCode).toBe(1);
  });
});
