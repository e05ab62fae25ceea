// Real tool results, from the real tools on a real database, render within limits; and their values have the kinds
// the tools' result types declare (the compiler checks the keys; what the database driver hands back is checked here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../domain/actor.ts";
import { manualClock, HOUR_MS } from "../../domain/clock.ts";
import { insertFeedEvents, insertSearches, insertStatusPath } from "../../testing/fixtures/activity.ts";
import { bookSlot, insertSlot } from "../../testing/fixtures/bookings.ts";
import { insertContact, insertIntake } from "../../testing/fixtures/intakes.ts";
import { actorFor, insertAdmin, insertStaff, insertUser } from "../../testing/fixtures/people.ts";
import { insertRoleRequest } from "../../testing/fixtures/roles.ts";
import { insertExecution, insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";
import { toolContext } from "../../testing/tool-context.ts";
import { bookingTools } from "../../tools/booking-tools.ts";
import { diagnosticsTools } from "../../tools/diagnostics-tools.ts";
import type { ToolInput, ToolName, ToolOutput } from "../../tools/catalogue.ts";
import { intakeTools } from "../../tools/intake-tools.ts";
import { marketingTools } from "../../tools/marketing-tools.ts";
import { createRegistry } from "../../tools/registry.ts";
import { roleTools } from "../../tools/role-tools.ts";
import { runTool } from "../../tools/run-tool.ts";
import { workflowTools } from "../../tools/workflow-tools.ts";
import { bookingBlocks } from "./bookings.ts";
import { auditBlocks, healthBlocks } from "./diagnostics.ts";
import { executionDetailBlocks, executionsBlocks } from "./executions.ts";
import { homeView } from "./home.ts";
import { intakeDetailBlocks } from "./intake-detail.ts";
import { activityBlocks, contactsBlocks, funnelBlocks, searchesBlocks } from "./marketing.ts";
import { queueBlocks } from "./queue.ts";
import { roleRequestBlocks } from "./role-requests.ts";
import { rulesBlocks } from "./rules.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, NOW, OPTS } from "../../testing/blocks/hostile.ts";
import * as inputs from "../../testing/blocks/inputs.ts";

const registry = createRegistry([...intakeTools, ...roleTools, ...bookingTools, ...marketingTools, ...diagnosticsTools, ...workflowTools]);
const clock = manualClock(NOW);
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR_MS);
const ahead = (h: number) => new Date(NOW.getTime() + h * HOUR_MS);
let db: TestDatabase;
let actor: Actor;
let intakeId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const k = db.knex;
  const staff = await insertStaff(k, "Sam Staff");
  const admin = await insertAdmin(k, "Ada Admin");
  actor = actorFor(staff, "command");
  const contact = await insertContact(k, { name: HOSTILE, source: HOSTILE });
  const hostile = await insertIntake(k, {
    name: HOSTILE,
    goals: long(10_000),
    createdAt: ago(80),
    ownerUserId: staff.id,
    contactId: contact.id,
  });
  intakeId = hostile.id;
  for (let i = 0; i < 30; i++) await insertIntake(k, { name: `Prospect ${i}`, status: i % 2 ? "TRIAGED" : "NEW", createdAt: ago(i + 1) });
  await insertStatusPath(k, intakeId, ["NEW", "TRIAGED", "QUALIFIED", "NEW"], ago(10));
  const member = await insertUser(k, { name: "שלום Member <!channel>", roles: ["MEMBER"] });
  await insertRoleRequest(k, { userId: member.id, role: "ADMIN", reason: long(2000), submittedAt: ago(50) });
  await insertRoleRequest(k, {
    userId: member.id,
    role: "STAFF",
    status: "REJECTED",
    decidedBy: admin.id,
    decisionReason: HOSTILE,
    submittedAt: ago(90),
  });
  const slot = await insertSlot(k, { start: ahead(26) });
  await bookSlot(k, slot.id, intakeId);
  for (let i = 0; i < 5; i++) await insertSlot(k, { start: ahead(30 + 7 * i) });
  const rule = await insertRule(k, { name: "notify-ops", description: HOSTILE });
  await insertRule(k, { name: "welcome-email", actionType: "SEND_EMAIL", enabled: false });
  await insertExecution(k, rule, { status: "FAILED", error: long(5000), createdAt: ago(2), metadata: { note: HOSTILE } });
  await insertExecution(k, rule, { status: "SUCCESS", createdAt: ago(3) });
  await insertFeedEvents(k, [
    { type: "IntakeCreated", at: ago(5) },
    { type: "RoleApproved", at: ago(6) },
    { type: "TriageTicket", at: ago(7), eval: true },
  ]);
  await insertSearches(k, [
    { query: HOSTILE, results: 0, at: ago(4) },
    { query: "glaze", results: 3, at: ago(4) },
  ]);
  await insertContact(k, { name: "Casey", source: "website" });
  // One real audited change, so the audit log is not empty.
  await run("add_intake_note", { intake_id: intakeId, note: HOSTILE });
});
afterAll(() => db?.drop());

async function run<N extends ToolName>(name: N, args: ToolInput<N>): Promise<ToolOutput<N>> {
  const outcome = await runTool(registry, name, args, toolContext(db, actor, { clock }));
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

/** Stored JSON the tools pass through as they found it: its keys are data, not shape. */
const FREE_FORM = new Set(["metadata", "action_config", "condition", "action_result"]);

/**
 * Every key of the test inputs (typed by the tools' result types) exists in the real result with the same kind of
 * value. The compiler already holds the keys to the tools; this catches a store whose row type the driver does not
 * honour (a count that arrives as a string, a date that arrives as a Date).
 */
function expectSameShape(declared: unknown, real: unknown, path = "result"): void {
  if (declared === null || real === null || declared === undefined) return;
  if (Array.isArray(declared)) {
    expect(Array.isArray(real), `${path} is an array`).toBe(true);
    if (declared.length && (real as unknown[]).length) expectSameShape(declared[0], (real as unknown[])[0], `${path}[0]`);
    return;
  }
  expect(typeof real, `${path} is a ${typeof declared}`).toBe(typeof declared);
  if (typeof declared !== "object" || FREE_FORM.has(path.split(".").at(-1)!)) return;
  for (const [key, value] of Object.entries(declared as object)) {
    if (value === undefined) continue;
    expect(real, `${path} has ${key}`).toHaveProperty([key]);
    expectSameShape(value, (real as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

describe("builders over real tool results", () => {
  it("queue", async () => {
    const result = await run("get_intake_queue", { limit: 100 });
    expectSameShape(inputs.queueNormal(), result);
    expectValid(queueBlocks(result, OPTS));
    expectValid(queueBlocks(await run("get_intake_queue", { status: "CLOSED" }), OPTS));
  });

  it("intake detail", async () => {
    const result = await run("get_intake_detail", { intake_id: intakeId, history_limit: 100 });
    expectSameShape(inputs.detail(), result);
    expectValid(intakeDetailBlocks(result, OPTS));
  });

  it("role requests", async () => {
    const result = await run("list_role_requests", { status: "ALL" });
    expectSameShape(inputs.roleRequestsNormal(), result);
    expectValid(roleRequestBlocks(result, OPTS));
  });

  it("bookings", async () => {
    const result = await run("list_bookings", {});
    expectSameShape(inputs.bookingsNormal(), result);
    expectValid(bookingBlocks(result, OPTS));
  });

  it("workflow runs, one run, and the rules", async () => {
    const list = await run("list_workflow_executions", {});
    expectSameShape(inputs.executionsNormal(), list);
    expectValid(executionsBlocks(list, OPTS));
    const failed = list.executions.find((e) => e.status === "FAILED")!;
    const one = await run("get_workflow_execution_detail", { execution_id: failed.id });
    expectSameShape(inputs.executionDetail(), one);
    expectValid(executionDetailBlocks(one, OPTS));
    const rules = await run("list_workflow_rules", {});
    expectSameShape(inputs.rulesNormal(), rules);
    expectValid(rulesBlocks(rules, OPTS));
  });

  it("funnel, activity, contacts and searches", async () => {
    const funnel = await run("get_funnel_stats", {});
    expectSameShape(inputs.funnel(), funnel);
    expectValid(funnelBlocks(funnel, OPTS));
    const activity = await run("get_recent_activity", {});
    expectSameShape(inputs.activity(2), activity);
    expectValid(activityBlocks(activity, OPTS));
    const contacts = await run("get_contact_summary", {});
    expectSameShape(inputs.contacts(), contacts);
    expectValid(contactsBlocks(contacts));
    const searches = await run("get_content_search_log", {});
    expectSameShape(inputs.searches(), searches);
    expectValid(searchesBlocks(searches, OPTS));
  });

  it("health and audit", async () => {
    const health = await run("run_health_check", {});
    expectSameShape(inputs.health(), health);
    expectValid(healthBlocks(health, OPTS));
    const audit = await run("get_audit_log", { limit: 100 });
    expect(audit.total).toBeGreaterThan(0);
    expectSameShape(inputs.audit([inputs.auditEntry(0)]), audit);
    expectValid(auditBlocks(audit, OPTS));
  });

  it("the Home tab, filled the way its doc comment says", async () => {
    const oldest = await run("get_intake_queue", { status: "NEW", limit: 1 });
    const view = homeView(
      {
        queue: await run("get_intake_queue", {}),
        oldestNew: oldest.intakes[0] ?? null,
        roleRequests: await run("list_role_requests", { limit: 5 }),
        failures: await run("list_workflow_executions", { status: "FAILED", since_hours: 24, limit: 5 }),
        bookings: await run("list_bookings", { status: "BOOKED", limit: 5 }),
      },
      OPTS,
    );
    expectValid(view);
    expect(JSON.stringify(view.blocks)).toContain("*Workflow failures · last 24 h* · 1");
  });
});
