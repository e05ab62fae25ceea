// The digest's content from the tools, checked against the database: on the demo studio, on an empty
// studio (the all-clear), and on a studio with 500 pending role requests and 500 NEW intakes (within limits).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock, DAY_MS, HOUR_MS, MINUTE_MS } from "../domain/clock.ts";
import { seedDemo } from "../seed/demo.ts";
import { resetStudioData } from "../seed/reset-studio-data.ts";
import { blocksToText } from "../console/render-blocks.ts";
import { buttonsOf, expectValid, parsedStrings } from "../testing/blocks/expect-valid.ts";
import { createTestDigest, recordingPoster } from "../testing/digest-harness.ts";
import { ensureRole, insertStaff } from "../testing/fixtures/people.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { systemActor } from "../domain/actor.ts";

// Tuesday 24 November 2026, 08:00 in Europe/London.
const NOW = new Date("2026-11-24T08:00:00.000Z");
const count = async (sql: string, bindings: unknown[] = []) =>
  Number((await db.knex.raw(`select count(*)::int as n from ${sql}`, bindings as never[])).rows[0].n);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(() => resetStudioData(db.knex));

function preview() {
  const { digest } = createTestDigest(db, { clock: manualClock(NOW), post: recordingPoster().post });
  return digest.preview(systemActor("digest"));
}

describe("the digest's content", () => {
  it("on the demo studio: every number is what the database holds, within Slack's limits", async () => {
    await seedDemo(db.knex, { adminSlackIds: [], now: NOW, timeZone: "Europe/London" });
    const { content, message } = await preview();
    const since24h = new Date(NOW.getTime() - DAY_MS);
    const todayEnd = new Date("2026-11-25T00:00:00.000Z");
    expect(content.queue).toMatchObject({ total: await count("intake_requests where status in ('NEW','TRIAGED','QUALIFIED','BOOKED')") });
    expect(content.newIntakes).toMatchObject({ total: await count("intake_requests where status = 'NEW'") });
    expect(content.roleRequests).toMatchObject({ total: await count("role_requests where status = 'PENDING'") });
    expect(content.failures).toMatchObject({
      total: await count("workflow_executions where status = 'FAILED' and created_at >= ?", [since24h]),
    });
    const booked = await count("maestro_availability where status = 'BOOKED' and start_at >= ? and start_at < ?", [
      new Date("2026-11-24T00:00:00Z"),
      todayEnd,
    ]);
    expect("error" in content.today ? -1 : content.today.booked.length).toBe(booked);
    expect(content.activity).toMatchObject({ days: 7 });
    expectValid(message);
    const text = blocksToText(message.blocks).join("\n");
    expect(text).toMatch(/Pending approvals: \d+/);
    const pending = "error" in content.roleRequests ? 0 : Math.min(5, content.roleRequests.total);
    expect(pending).toBeGreaterThan(0);
    expect(buttonsOf(message)).toHaveLength(pending * 2);
    expect(content.changes).toBeNull();
  });

  it("on an empty studio: a short all-clear, every section saying so in one line", async () => {
    const { content, message } = await preview();
    expect(content).toMatchObject({
      queue: { total: 0 },
      newIntakes: { total: 0, items: [] },
      roleRequests: { total: 0, items: [] },
      failures: { total: 0, items: [] },
      today: { booked: [], open: [] },
      activity: { total: 0 },
    });
    expectValid(message);
    const text = blocksToText(message.blocks).join("\n");
    expect(text).toContain(
      "All clear. No new intakes waiting, no pending role requests and no workflow failures in the last 24 h. Nothing booked today.",
    );
    expect(text).toContain("The open queue is empty.");
    expect(text).toContain("No studio activity in the last 7 days.");
    expect(buttonsOf(message)).toHaveLength(0);
  });

  it("with 500 pending role requests and 500 NEW intakes: five of each, then 'and 495 more', within limits", async () => {
    const role = await ensureRole(db.knex, "STAFF");
    // One pending request per user (the schema allows no more), from 500 members.
    const members = await db
      .knex("users")
      .insert(Array.from({ length: 500 }, (_, i) => ({ name: `Member ${i} <!channel>`, email: `m${i}@example.test` })))
      .returning("id");
    await db.knex("role_requests").insert(
      Array.from({ length: 500 }, (_, i) => ({
        user_id: (members[i] as { id: number }).id,
        requested_role_id: role,
        reason: "x".repeat(900),
        status: "PENDING",
        submitted_at: new Date(NOW.getTime() - (i + 1) * MINUTE_MS),
      })),
    );
    await db.knex("intake_requests").insert(
      Array.from({ length: 500 }, (_, i) => ({
        contact_name: `Prospect ${i}`,
        email: `p${i}@example.test`,
        audience: "adult",
        goals: "y".repeat(3000),
        status: "NEW",
        created_at: new Date(NOW.getTime() - (i + 1) * HOUR_MS),
      })),
    );
    await insertStaff(db.knex);
    const { content, message } = await preview();
    expect(content.roleRequests).toMatchObject({ total: 500 });
    expect(content.newIntakes).toMatchObject({ total: 500 });
    expectValid(message);
    const text = blocksToText(message.blocks).join("\n");
    expect(text).toContain("…and 495 more — /maestro approvals");
    expect(text).toContain("…and 495 more — /maestro queue new");
    expect(text).toContain("oldest waiting 20 days"); // the oldest NEW intake, 500 hours old
    expect(buttonsOf(message)).toHaveLength(10);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(parsedStrings(message).join("\n")).not.toContain("<!channel>"); // names stay inert text
  });

  it("says what changed since the previous posted digest, from its stored content", async () => {
    await db.knex("digest_runs").insert({
      channel: "C0DIGEST",
      local_date: "2026-11-23",
      status: "posted",
      trigger: "schedule",
      attempts: 1,
      slack_ts: "1.1",
      posted_at: new Date("2026-11-23T08:00:05Z"),
      content: JSON.stringify({
        version: 1,
        queue: { total: 3, counts_by_status: {} },
        newIntakes: { total: 2, items: [] },
        roleRequests: { error: "down" },
        failures: { total: 1, items: [] },
      }),
    });
    const { content, message } = await preview();
    expect(content.changes).toEqual({
      previousDate: "2026-11-23",
      postedAt: "2026-11-23T08:00:05.000Z",
      // approvals are left out: the previous digest could not load them, and a guess is not a number.
      figures: [
        { label: "open queue", now: 0, before: 3 },
        { label: "new", now: 0, before: 2 },
        { label: "failures", now: 0, before: 1 },
      ],
    });
    expect(blocksToText(message.blocks).join("\n")).toContain(
      "Since the digest of Mon 23 Nov, 08:00: open queue 0 (−3) · new 0 (−2) · failures 0 (−1)",
    );
  });
});
