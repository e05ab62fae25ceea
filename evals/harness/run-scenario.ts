// Runs one scenario once: seed a fresh database, drive the turns through the real app over fake Slack, record
// everything, then grade the checks and the invariants.
import type { Config } from "../../src/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { manualClock } from "../../src/domain/clock.ts";
import { createCatalogueRegistry } from "../../src/tools/catalogue.ts";
import type { ToolRegistry } from "../../src/tools/registry.ts";
import { createSlackHarness } from "../../src/testing/slack-harness.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../../src/testing/smtp-test-server.ts";
import { custom } from "../checks.ts";
import { capturePeople, checkInvariants, type InvariantResult } from "../invariants.ts";
import type { ModelMode } from "../models/model-modes.ts";
import type { Check, Refs, Scenario, Turn } from "../scenario.ts";
import { gradeCheck, scenarioScore, trialPassed, type CheckResult } from "../scoring.ts";
import { createSeedKit } from "../seed-kit.ts";
import { describeTurn, driveTurn, type TurnDriver } from "./drive-turn.ts";
import { shownText, type Evidence, type ModelExchange, type SlackRecord, type ToolRun, type TurnRecord } from "./evidence.ts";
import { recordingModel } from "./recording-model.ts";
import { recordingRegistry } from "./recording-registry.ts";
import { changedTables, tableState } from "./table-state.ts";

/** Every scenario starts at this instant (a Friday morning in London): seeds, tool results and recordings repeat. */
export const EVAL_NOW = new Date("2026-11-20T10:00:00.000Z");

/** Characters of each turn's Slack output kept in the report. */
const SHOWN_MAX = 1_500;

export interface Usage {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  modelLatencyMs: number;
}

export interface TrialResult {
  passed: boolean;
  score: number;
  checks: CheckResult[];
  invariants: InvariantResult[];
  turns: TurnRecord[];
  /** Setup failures, turn failures and replay mismatches. */
  errors: string[];
  usage: Usage;
  wallMs: number;
  toolRuns: ToolRun[];
  tablesChanged: { table: string; rowDelta: number }[];
  recordingWritten?: string;
}

export interface RunScenarioOptions {
  scenario: Scenario;
  db: Database;
  config: Config;
  models: ModelMode;
  trial: number;
  /** The tools (the broken-tool test passes one with a faulty handler). */
  registry?: () => ToolRegistry;
}

async function usageOf(evidence: Evidence): Promise<Usage> {
  const row = (await evidence
    .db("model_usage")
    .first(
      evidence.db.raw(
        "count(*)::int as calls, coalesce(sum(input_tokens),0)::int as input, coalesce(sum(output_tokens),0)::int as output, " +
          "coalesce(sum(cache_read_tokens),0)::int as cache_read, coalesce(sum(cache_write_tokens),0)::int as cache_write, " +
          "coalesce(sum(cost_usd),0)::float8 as cost, coalesce(sum(latency_ms),0)::int as latency",
      ),
    )) as Record<string, number>;
  return {
    // Failed attempts (a 529) never reach model_usage; the recorder saw them.
    modelCalls: evidence.exchanges.length,
    inputTokens: Number(row.input),
    outputTokens: Number(row.output),
    cacheReadTokens: Number(row.cache_read),
    cacheWriteTokens: Number(row.cache_write),
    costUsd: Number(row.cost),
    modelLatencyMs: Number(row.latency),
  };
}

/** `{intake}` in a message becomes the seed's ref: "Give me full details on intake {intake}". */
function withRefs(turn: Turn, refs: Refs): Turn {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in refs ? String(refs[name]) : whole));
  if ("dm" in turn) return { ...turn, dm: fill(turn.dm) };
  if ("command" in turn) return { ...turn, command: fill(turn.command) };
  if ("dmThenStop" in turn) return { ...turn, dmThenStop: fill(turn.dmThenStop) };
  return turn;
}

/** Checks every run gets on top of the scenario's own. */
function builtInChecks(options: RunScenarioOptions, scriptLeft: number): Check[] {
  const checks: Check[] = [
    custom("every turn could be taken (each button clicked was showing)", "slack", (e) => {
      const failed = e.turns.filter((t) => t.error);
      return { pass: !failed.length, detail: failed.map((t) => `turn ${t.index + 1} (${t.summary}): ${t.error}`).join("; ") };
    }),
  ];
  if (options.models.mode === "scripted") {
    checks.push(
      custom("the app asked for every scripted model response", "tools", () => ({
        pass: scriptLeft === 0,
        detail: `${scriptLeft} scripted response(s) never asked for`,
      })),
    );
  }
  return checks;
}

export async function runScenario(options: RunScenarioOptions): Promise<TrialResult> {
  // The studio's mail server, on loopback for this run (eval-config's SMTP_URL is a placeholder): the health check
  // verifies it, and the emails rules send land in it, where checks read them. No run can reach a real one.
  const smtp = await startTestSmtpServer();
  try {
    return await runWithMailServer(options, smtp);
  } finally {
    await smtp.close();
  }
}

async function runWithMailServer(options: RunScenarioOptions, smtp: TestSmtpServer): Promise<TrialResult> {
  const { scenario, db } = options;
  const config = { ...options.config, email: { ...options.config.email, smtpUrl: smtp.url } };
  const started = performance.now();
  const clock = manualClock(EVAL_NOW);
  const kit = createSeedKit(db.knex, clock.now());
  await scenario.seed(kit);

  let turn = -1;
  const exchanges: ModelExchange[] = [];
  const toolRuns: ToolRun[] = [];
  const model = options.models.create(scenario, kit.refs);
  const registry = recordingRegistry(options.registry?.() ?? createCatalogueRegistry(), toolRuns, () => turn);
  // Wired as production wires it (compose.ts), the digest included: `/maestro digest` previews it, `digest post` posts it.
  const harness = createSlackHarness(db, {
    model: recordingModel(model.client, exchanges, () => turn),
    clock,
    config,
    registry,
    rateLimitPerMinute: scenario.setup?.rateLimitPerMinute,
    limits: scenario.setup?.limits,
    instanceId: "evals",
  });

  const people = await capturePeople(db.knex);
  const baseline = await tableState(db.knex);
  const slack: SlackRecord[] = [];
  const driver: TurnDriver = { harness, clock, slack, clicks: [], modals: [], acks: [], sessions: new Map() };
  const turns: TurnRecord[] = [];
  let synced = 0;
  let beforeFirstClick: Evidence["beforeFirstClick"];
  const sync = (index: number) => {
    for (const call of harness.fake.calls.slice(synced))
      slack.push({ turn: index, method: call.method, args: call.args, response: call.response });
    synced = harness.fake.calls.length;
    slack.push(...driver.acks.splice(0));
  };

  for (const [index, template] of scenario.turns.entries()) {
    turn = index;
    const step = withRefs(template, kit.refs);
    const record: TurnRecord = { index, summary: describeTurn(step) };
    turns.push(record);
    if (!beforeFirstClick && ("click" in step || "fillModal" in step)) beforeFirstClick = await tableState(db.knex);
    try {
      await driveTurn(driver, step, index);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    sync(index);
    const shown = shownText({ slack }, index);
    record.shown = shown.length > SHOWN_MAX ? `${shown.slice(0, SHOWN_MAX)}…` : shown;
  }

  // What the outbox.email job would do next: emails the turns queued go out (EVAL events' stay dry runs).
  await harness.email?.drain();
  const evidence: Evidence = {
    scenario,
    mode: options.models.mode,
    refs: kit.refs,
    db: db.knex,
    turns,
    slack,
    clicks: driver.clicks,
    modals: driver.modals,
    exchanges,
    toolRuns,
    baseline,
    beforeFirstClick,
    final: await tableState(db.knex),
    scriptLeft: model.scriptLeft(),
    emails: [...smtp.received],
  };
  const recordingWritten = model.finish(exchanges, options.trial);
  const checks: CheckResult[] = [];
  for (const check of [...scenario.checks, ...builtInChecks(options, evidence.scriptLeft)]) checks.push(await gradeCheck(check, evidence));
  const invariants = await checkInvariants(evidence, people);
  const errors = [...turns.filter((t) => t.error).map((t) => `turn ${t.index + 1}: ${t.error}`), ...model.mismatches()];
  return {
    passed: trialPassed(checks, invariants) && !model.mismatches().length,
    score: scenarioScore(checks),
    checks,
    invariants,
    turns,
    errors,
    usage: await usageOf(evidence),
    wallMs: Math.round(performance.now() - started),
    toolRuns,
    tablesChanged: changedTables(baseline, evidence.final),
    recordingWritten,
  };
}
