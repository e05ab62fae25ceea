// Exactly one digest per channel and local day: two processes at the same minute, a failed post retried,
// a dead claim taken over, a post on demand counted only when none was posted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../config.ts";
import { openDatabase, type Database } from "../db/connect.ts";
import { manualClock, MINUTE_MS } from "../domain/clock.ts";
import { digestConfig, DIGEST_CHANNEL } from "../testing/digest-harness.ts";
import { slackError, type FakeSlack } from "../testing/fake-slack.ts";
import { insertStaff } from "../testing/fixtures/people.ts";
import { createSlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { MAX_ATTEMPTS } from "./digest-service.ts";

let db: TestDatabase;
/** A second connection pool to the same database on PostgreSQL (a second process); PGlite has one. */
let other: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  const url = testDatabaseUrl();
  other = url ? await openDatabase({ url: Object.assign(new URL(url), { pathname: `/${db.name}` }).toString() }) : db;
});
afterAll(async () => {
  if (other !== db) await other?.close();
  await db?.drop();
});
beforeEach(() => db.knex.raw("truncate digest_runs, audit_log restart identity"));

/** One "process": Maestro wired as in production over the fake transport, with its own clock, on the given connection. */
function replica(on: Database, name: string, start: string) {
  const clock = manualClock(start);
  const config = digestConfig();
  const { fake, digest } = createSlackHarness(on, { clock, config, instanceId: name });
  return { fake, clock, digest };
}
const digestPosts = (fake: FakeSlack) =>
  fake.callsOf("chat.postMessage").filter((c) => c.args.channel === DIGEST_CHANNEL && c.response?.ok);
const runs = () =>
  db.knex("digest_runs").orderBy("local_date").select("local_date", "status", "trigger", "attempts", "claimed_by", "slack_ts", "error");

describe("two processes at the same minute", () => {
  it("post once per day, whichever wins the claim", async () => {
    const days = ["2026-11-23", "2026-11-24", "2026-11-25"];
    const a = replica(db, "replica-a", "2026-11-23T08:00:00Z");
    const b = replica(other, "replica-b", "2026-11-23T08:00:00Z");
    for (const day of days) {
      const minute = new Date(`${day}T08:00:00Z`);
      a.clock.set(minute);
      b.clock.set(minute);
      const outcomes = await Promise.all([
        a.digest.runScheduled(minute),
        b.digest.runScheduled(minute),
        a.digest.catchUp(),
        b.digest.catchUp(),
      ]);
      expect(outcomes.filter((o) => o.kind === "posted")).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === "failed")).toHaveLength(0);
    }
    expect(digestPosts(a.fake).length + digestPosts(b.fake).length).toBe(3);
    const rows = await runs();
    expect(rows.map((r) => [r.local_date, r.status, r.attempts])).toEqual(days.map((d) => [d, "posted", 1]));
    const audits = await db.knex("audit_log").where({ action: "digest.post" }).select("actor_type", "target_type", "target_id", "details");
    expect(audits.map((r) => [r.actor_type, r.target_type, r.target_id, r.details.path, r.details.counted_as_daily_digest])).toEqual(
      days.map((d) => ["SYSTEM", "digest", d, "digest", true]),
    );
  });
});

describe("a failed post", () => {
  it("is recorded, retried after the back-off, and never duplicated", async () => {
    const a = replica(db, "replica-a", "2026-11-24T08:00:00Z");
    a.fake.respondTo("chat.postMessage", slackError("channel_not_found"));
    const minute = new Date("2026-11-24T08:00:00Z");
    expect(await a.digest.runScheduled(minute)).toMatchObject({
      kind: "failed",
      error: expect.stringMatching(/^channel_not_found: invite Maestro/),
    });
    expect(await runs()).toMatchObject([
      { status: "failed", attempts: 1, slack_ts: null, error: expect.stringContaining("channel_not_found") },
    ]);
    a.clock.set("2026-11-24T08:02:00Z");
    expect(await a.digest.catchUp()).toMatchObject({ kind: "skipped", reason: expect.stringMatching(/last attempt failed \(1 of 5\)/) });
    a.clock.set("2026-11-24T08:07:00Z");
    const retried = await a.digest.catchUp();
    expect(retried).toMatchObject({ kind: "posted", counted: true, attempt: 2 });
    a.clock.set("2026-11-24T08:12:00Z");
    expect(await a.digest.catchUp()).toMatchObject({ kind: "skipped" });
    expect(await a.digest.runScheduled(minute)).toMatchObject({ kind: "skipped" });
    expect(a.fake.callsOf("chat.postMessage")).toHaveLength(2); // the refused one and the retry
    expect(digestPosts(a.fake)).toHaveLength(1);
    expect(await runs()).toMatchObject([
      { status: "posted", attempts: 2, trigger: "catch_up", error: null, slack_ts: (retried as { ts: string }).ts },
    ]);
  });

  it("stops retrying by itself after MAX_ATTEMPTS; a person posting it still can", async () => {
    const a = replica(db, "replica-a", "2026-11-24T08:00:00Z");
    a.fake.respondTo("chat.postMessage", ...Array.from({ length: MAX_ATTEMPTS }, () => slackError("not_in_channel")));
    await a.digest.runScheduled(new Date("2026-11-24T08:00:00Z"));
    for (let i = 1; i <= MAX_ATTEMPTS + 2; i++) {
      a.clock.advance(5 * MINUTE_MS);
      await a.digest.catchUp();
    }
    expect(await runs()).toMatchObject([{ status: "failed", attempts: MAX_ATTEMPTS }]);
    expect(await a.digest.catchUp()).toMatchObject({
      kind: "skipped",
      reason: expect.stringMatching(/^gave up after 5 attempts \(not_in_channel.*`\/maestro digest post` tries again$/),
    });
    const staff = await insertStaff(db.knex, "Sam Staff", null);
    const posted = await a.digest.postNow({ type: "USER", userId: staff.id, name: staff.name, path: "command" }, "command");
    expect(posted).toMatchObject({ kind: "posted", counted: true });
    expect(await runs()).toMatchObject([{ status: "posted", attempts: MAX_ATTEMPTS + 1, trigger: "command" }]);
  });
});

describe("a claim whose process died", () => {
  it("is left alone while fresh and taken over once stale", async () => {
    await db.knex("digest_runs").insert({
      channel: DIGEST_CHANNEL,
      local_date: "2026-11-24",
      status: "claimed",
      trigger: "schedule",
      claimed_by: "dead",
      attempts: 1,
      claimed_at: new Date("2026-11-24T08:00:00Z"),
    });
    const a = replica(db, "replica-a", "2026-11-24T08:07:00Z");
    expect(await a.digest.catchUp()).toMatchObject({ kind: "skipped", reason: "another process is posting today's digest" });
    a.clock.set("2026-11-24T09:02:00Z");
    expect(await a.digest.catchUp()).toMatchObject({ kind: "posted", attempt: 2 });
    expect(await runs()).toMatchObject([{ status: "posted", claimed_by: "replica-a", trigger: "catch_up" }]);
  });
});

describe("posting on demand", () => {
  it("counts as the day's digest only when none was posted; otherwise it is an extra", async () => {
    const a = replica(db, "replica-a", "2026-11-24T07:30:00Z");
    const staff = await insertStaff(db.knex, "Bea Boss", null);
    const actor = { type: "USER" as const, userId: staff.id, name: staff.name, path: "command" as const };
    expect(await a.digest.postNow(actor, "command")).toMatchObject({ kind: "posted", counted: true });
    a.clock.set("2026-11-24T08:00:00Z");
    expect(await a.digest.runScheduled(new Date("2026-11-24T08:00:00Z"))).toMatchObject({ kind: "skipped" });
    expect(await a.digest.postNow(actor, "command")).toMatchObject({ kind: "posted", counted: false });
    expect(digestPosts(a.fake)).toHaveLength(2);
    expect(await runs()).toMatchObject([{ status: "posted", trigger: "command", attempts: 1 }]);
    const audits = await db.knex("audit_log").where({ action: "digest.post" }).orderBy("id").select("actor_type", "actor_id", "details");
    expect(audits.map((r) => [r.actor_type, r.actor_id, r.details.path, r.details.counted_as_daily_digest])).toEqual([
      ["USER", String(staff.id), "command", true],
      ["USER", String(staff.id), "command", false],
    ]);
  });
});
