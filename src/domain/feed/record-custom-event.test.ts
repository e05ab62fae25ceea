// A custom feed event on a real database: written, run through the rules listening to it, audited; names, sizes and
// Maestro's own event types refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRule } from "../../testing/fixtures/workflows.ts";
import { createTestDatabase, testEngine, type TestDatabase } from "../../testing/test-database.ts";
import type { Actor } from "../actor.ts";
import { manualClock } from "../clock.ts";
import { DomainError } from "../errors.ts";
import { recordCustomEvent } from "./record-custom-event.ts";

let db: TestDatabase;
const clock = manualClock("2026-12-02T10:00:00.000Z");
const helpdesk: Actor = { type: "SYSTEM", userId: null, name: "API key “helpdesk”", path: "system" };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe(`recordCustomEvent (${testEngine()})`, () => {
  it("writes the event, runs the rules listening to it and audits it naming the caller", async () => {
    const ctx = { db: db.knex, clock };
    await insertRule(db.knex, {
      trigger: "TriageTicket",
      actionConfig: { channel: "#ops", text: "Ticket {{subject_id}}: {{metadata.summary}}" },
    });
    const { event, executions, audit } = await recordCustomEvent(ctx, helpdesk, {
      eventType: "TriageTicket",
      subjectType: "ticket",
      subjectId: "T-42",
      metadata: { summary: "Kiln 2 will not heat" },
    });
    expect(event).toMatchObject({ event_type: "TriageTicket", subject_type: "ticket", subject_id: "T-42", actor_type: "SYSTEM" });
    expect(event.metadata).toEqual({ path: "system", summary: "Kiln 2 will not heat" });
    expect(executions.map((e) => e.status)).toEqual(["SUCCESS"]);
    expect((await db.knex("slack_outbox").first()).text).toBe("Ticket T-42: Kiln 2 will not heat");
    expect(audit).toMatchObject({ action: "feed_event.record", target_type: "feed_event", target_id: String(event.id) });
    expect(audit.details).toMatchObject({ actor_name: "API key “helpdesk”", event_type: "TriageTicket" });
  });

  it("refuses bad names, Maestro's own events, reserved keys and oversized metadata, writing nothing", async () => {
    const ctx = { db: db.knex, clock };
    const before = await db.knex("feed_events");
    const cases: [Parameters<typeof recordCustomEvent>[2], string][] = [
      [{ eventType: "1Ticket" }, "event_type"],
      [{ eventType: "Triage Ticket" }, "event_type"],
      [{ eventType: "IntakeCreated" }, "event_type"],
      [{ eventType: "bookingconfirmed" }, "event_type"],
      [{ eventType: "TriageTicket", metadata: { path: "api" } }, "metadata.path"],
      [{ eventType: "TriageTicket", metadata: { blob: "x".repeat(9000) } }, "metadata"],
      [{ eventType: "TriageTicket", metadata: { note: "a\u0000b" } }, "metadata.note"],
    ];
    for (const [input, field] of cases) {
      const error = await recordCustomEvent(ctx, helpdesk, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect([input.eventType, (error as DomainError).details]).toEqual([input.eventType, { field }]);
    }
    expect(await db.knex("feed_events")).toHaveLength(before.length);
  });
});
