// The rules file on a real database: export → apply is a no-op, a dry run writes nothing, an apply is all or nothing,
// --prune alone deletes, and a bad file names the rule and the field.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { manualClock } from "../clock.ts";
import { actorFor, insertStaff } from "../../testing/fixtures/people.ts";
import { writeFootprint } from "../../testing/fixtures/intakes.ts";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { definitionOf } from "./rule-definition.ts";
import { applyRules } from "./rule-apply-service.ts";
import { parseRulesFile, ruleFileErrorText, rulesToYaml } from "./rule-file.ts";
import { allRules } from "./rule-store.ts";

const clock = manualClock(new Date("2026-05-04T15:00:00.000Z"));
let db: TestDatabase;
let actor: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  actor = actorFor(await insertStaff(db.knex, "Ada Admin"), "cli");
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.knex.raw("truncate audit_log, feed_events, workflow_executions, workflow_rules restart identity cascade");
  await insertRule(db.knex, {
    name: "zeta-note",
    trigger: "TriageTicket",
    actionType: "ADD_INTAKE_NOTE",
    actionConfig: { note: "T {{metadata.id}}" },
  });
  await insertRule(db.knex, {
    name: "alpha-ping",
    description: "Ping the team",
    trigger: "IntakeCreated",
    condition: { all: [{ field: "metadata.group_size", op: "gte", value: 8 }, { not: { field: "metadata.email", op: "exists" } }] },
    actionConfig: { text: 'Group of {{metadata.group_size}}: "big table"', channel: "#ops" },
    enabled: false,
  });
});

const ctx = () => ({ db: db.knex, clock });
const exported = async () => rulesToYaml((await allRules(db.knex)).map(definitionOf));
const parsed = (text: string) => {
  const result = parseRulesFile(text);
  if (!result.ok) throw new Error(result.errors.map(ruleFileErrorText).join("\n"));
  return result.rules;
};

describe("export → apply", () => {
  it("exports in a stable order (by name, config keys sorted) and applying the export changes nothing", async () => {
    const text = await exported();
    expect(text.indexOf("name: alpha-ping")).toBeLessThan(text.indexOf("name: zeta-note"));
    expect(text).toMatch(/action_config:\n\s+channel: "#ops"\n\s+text:/);
    const before = await writeFootprint(db.knex);
    const result = await applyRules(ctx(), actor, parsed(text), { prune: true, dryRun: false });
    expect(result.counts).toMatchObject({ create: 0, update: 0, delete: 0, unchanged: 2 });
    expect(result.written).toBe(false);
    expect(await writeFootprint(db.knex)).toEqual(before);
    expect(await exported()).toBe(text);
  });

  it("a dry run shows created / changed fields / unchanged and writes nothing; the real run writes exactly that", async () => {
    const text = (await exported())
      .replace('channel: "#ops"', 'channel: "#studio"')
      .concat(
        "  - name: beta-email\n    trigger_event_type: ContactCreated\n    action_type: SEND_EMAIL\n    action_config: { to: '{{metadata.email}}', template: welcome }\n",
      );
    const before = await writeFootprint(db.knex);
    const dry = await applyRules(ctx(), actor, parsed(text), { prune: false, dryRun: true });
    expect(dry.plan.map((e) => [e.kind, e.name, ...(e.kind === "update" ? e.changed : [])])).toEqual([
      ["update", "alpha-ping", "action_config"],
      ["create", "beta-email"],
      ["unchanged", "zeta-note"],
    ]);
    expect(dry.written).toBe(false);
    expect(await writeFootprint(db.knex)).toEqual(before);

    const real = await applyRules(ctx(), actor, parsed(text), { prune: false, dryRun: false, source: "rules.yaml" });
    expect(real.counts).toMatchObject({ create: 1, update: 1, unchanged: 1 });
    const actions = (await db.knex("audit_log").orderBy("id").select("action")).map((r: { action: string }) => r.action);
    expect(actions).toEqual(["workflow_rule.update", "workflow_rule.create", "workflow_rules.apply"]);
    expect((await allRules(db.knex)).map((r) => r.name)).toEqual(["alpha-ping", "beta-email", "zeta-note"]);
    expect((await applyRules(ctx(), actor, parsed(await exported()), { prune: false, dryRun: false })).written).toBe(false);
  });

  it("leaves rules missing from the file alone unless --prune, which deletes them", async () => {
    const onlyAlpha = rulesToYaml((await allRules(db.knex)).filter((r) => r.name === "alpha-ping").map(definitionOf));
    const kept = await applyRules(ctx(), actor, parsed(onlyAlpha), { prune: false, dryRun: false });
    expect(kept.plan.find((e) => e.name === "zeta-note")?.kind).toBe("kept");
    expect(await allRules(db.knex)).toHaveLength(2);
    const pruned = await applyRules(ctx(), actor, parsed(onlyAlpha), { prune: true, dryRun: false });
    expect(pruned.counts.delete).toBe(1);
    expect((await allRules(db.knex)).map((r) => r.name)).toEqual(["alpha-ping"]);
    expect(await db.knex("audit_log").where({ action: "workflow_rule.delete" }).count("* as n")).toEqual([{ n: 1 }]);
  });
});

describe("a bad file", () => {
  it("names the rule and the field of every problem", () => {
    const result = parseRulesFile(
      [
        "rules:",
        "  - name: ok-rule",
        "    trigger_event_type: IntakeCreated",
        "    action_type: NOTIFY_SLACK",
        "    action_config: { channel: '#ops', text: hi }",
        "  - name: broken",
        "    trigger_event_type: IntakeCreated",
        "    condition: { field: metadata.x, op: eq, value: [1] }",
        "    action_type: SET_CONTACT_STATUS",
        "    action_config: { status: GONE }",
        "  - trigger_event_type: IntakeCreated",
        "    action_type: FLY",
        "    action_config: {}",
        "  - name: ok-rule",
        "    trigger_event_type: IntakeCreated",
        "    action_type: ADD_INTAKE_NOTE",
        "    action_config: { note: x }",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors.map(ruleFileErrorText);
    expect(lines).toEqual([
      expect.stringMatching(/^rule "broken", field condition: eq needs a string, number, boolean or null value/),
      expect.stringMatching(/^rule "broken", field action_config.status: status must be one of NEW/),
      "rule 3, field name: name is required",
      expect.stringMatching(/^rule 3, field action_type: action_type must be one of ADD_INTAKE_NOTE/),
      'rule "ok-rule", field name: the name is used twice in this file (rules 1 and 4)',
    ]);
  });

  it("a file that is not YAML, or has no rules list, is refused as a whole; an empty list is no rules", () => {
    expect(parseRulesFile("rules: [\n  - a").ok).toBe(false);
    expect(parseRulesFile("name: x")).toMatchObject({ ok: false, errors: [{ field: "rules" }] });
    expect(parseRulesFile("rules: []")).toEqual({ ok: true, rules: [] });
  });
});
