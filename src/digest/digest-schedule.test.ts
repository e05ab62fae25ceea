// The digest's schedule across daylight-saving changes: node-cron under fake timers fires the real job list,
// and every firing is replayed through the real digest (claim → post) on the database at its instant.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DAY_MS, manualClock } from "../domain/clock.ts";
import { localDate } from "../domain/local-time.ts";
import { silentLogger } from "../logger.ts";
import { createScheduler } from "../scheduler/jobs.ts";
import { createTestDigest, digestConfig, recordingPoster } from "../testing/digest-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { DIGEST_CATCH_UP_CRON, digestJobs } from "../scheduler/job-list.ts";
import { digestSchedule } from "./digest-schedule.ts";
import type { PostOutcome } from "./post-digest.ts";

interface Firing {
  job: "digest" | "digest.catch-up";
  scheduledAt: Date | null;
  firedAt: Date;
}

const noop: PostOutcome = { kind: "skipped", reason: "recording only" };

/** Runs the real scheduler over the digest's real job list under fake timers for `days`, recording each firing. */
async function fireJobs(fromIso: string, days: number, cron: string): Promise<Firing[]> {
  const fired: Firing[] = [];
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date(fromIso));
  const recorder = {
    runScheduled: async (scheduledAt: Date) => (fired.push({ job: "digest", scheduledAt, firedAt: new Date() }), noop),
    catchUp: async () => (fired.push({ job: "digest.catch-up", scheduledAt: null, firedAt: new Date() }), noop),
  };
  const jobs = digestJobs(recorder, digestConfig({ DIGEST_CRON: cron }).digest);
  if (
    JSON.stringify(jobs.map((j) => [j.name, j.cron, j.timeZone ?? null])) !==
    JSON.stringify([
      ["digest", cron, "Europe/London"],
      ["digest.catch-up", DIGEST_CATCH_UP_CRON, null],
    ])
  ) {
    throw new Error("the digest's job list is not DIGEST_CRON in DIGEST_TZ plus the catch-up check");
  }
  const scheduler = createScheduler(jobs, silentLogger);
  scheduler.start();
  await vi.advanceTimersByTimeAsync(days * DAY_MS);
  await scheduler.stop();
  vi.useRealTimers();
  return fired;
}

const london = (at: Date) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    weekday: "short",
    day: "2-digit",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);

// node-cron runs under fake timers before any database exists: faked timers would also drive the
// connection pool's own timers (an idle reaper ticking every second through days of fake time).
const FIRINGS = {
  spring: ["2026-03-26T00:00:00Z", 9, "0 8 * * 1-5"],
  autumn: ["2026-10-22T00:00:00Z", 7, "0 8 * * 1-5"],
  springGap: ["2026-03-28T00:00:00Z", 4, "30 1 * * *"],
  autumnRepeat: ["2026-10-24T23:00:00Z", 2, "30 1 * * *"],
} as const;
const fired = {} as Record<keyof typeof FIRINGS, Firing[]>;

let db: TestDatabase;
beforeAll(async () => {
  for (const [name, [from, days, cron]] of Object.entries(FIRINGS)) fired[name as keyof typeof FIRINGS] = await fireJobs(from, days, cron);
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate digest_runs, audit_log restart identity"));
afterEach(() => vi.useRealTimers());

/** Replays every firing, in order, through the real digest with the clock at the firing's instant. */
async function replay(fired: Firing[], cron: string) {
  const clock = manualClock(fired[0]!.firedAt);
  const poster = recordingPoster();
  const { digest } = createTestDigest(db, { clock, post: poster.post, config: digestConfig({ DIGEST_CRON: cron }) });
  for (const f of fired) {
    clock.set(f.firedAt);
    await (f.job === "digest" ? digest.runScheduled(f.scheduledAt!) : digest.catchUp());
  }
  const runs = await db.knex("digest_runs").orderBy("local_date").select("local_date", "trigger", "status", "attempts");
  return { posts: poster.posts, runs };
}

describe("the weekday digest across DST (DIGEST_CRON 0 8 * * 1-5, DIGEST_TZ Europe/London)", () => {
  it("fires at 08:00 local every weekday around the spring change (29 March 2026) and posts once a day", async () => {
    const digestRuns = fired.spring.filter((f) => f.job === "digest");
    // 08:00 GMT is 08:00Z before the change, 08:00 BST is 07:00Z after it; no weekend, no day twice.
    expect(digestRuns.map((f) => f.firedAt.toISOString())).toEqual([
      "2026-03-26T08:00:00.000Z",
      "2026-03-27T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
      "2026-04-02T07:00:00.000Z",
      "2026-04-03T07:00:00.000Z",
    ]);
    expect(digestRuns.map((f) => london(f.firedAt))).toEqual([
      "Thu 26 Mar, 08:00",
      "Fri 27 Mar, 08:00",
      "Mon 30 Mar, 08:00",
      "Tue 31 Mar, 08:00",
      "Wed 01 Apr, 08:00",
      "Thu 02 Apr, 08:00",
      "Fri 03 Apr, 08:00",
    ]);
    for (const f of digestRuns) expect(f.scheduledAt!.getTime()).toBe(f.firedAt.getTime());

    const { posts, runs } = await replay(fired.spring, "0 8 * * 1-5");
    expect(posts).toHaveLength(7);
    expect(runs).toEqual(
      ["2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03"].map((d) => ({
        local_date: d,
        trigger: "schedule",
        status: "posted",
        attempts: 1,
      })),
    );
  });

  it("fires at 08:00 local every weekday around the autumn change (25 October 2026) and posts once a day", async () => {
    const digestRuns = fired.autumn.filter((f) => f.job === "digest");
    expect(digestRuns.map((f) => f.firedAt.toISOString())).toEqual([
      "2026-10-22T07:00:00.000Z",
      "2026-10-23T07:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
      "2026-10-27T08:00:00.000Z",
      "2026-10-28T08:00:00.000Z",
    ]);
    const { posts, runs } = await replay(fired.autumn, "0 8 * * 1-5");
    expect(posts).toHaveLength(5);
    expect(runs.map((r) => r.local_date)).toEqual(["2026-10-22", "2026-10-23", "2026-10-26", "2026-10-27", "2026-10-28"]);
  });
});

describe("a digest time that DST skips or repeats (DIGEST_CRON 30 1 * * *)", () => {
  it("reads the schedule by wall clock: a skipped 01:30 moves past the gap, a repeated one is one instant", () => {
    const schedule = digestSchedule("30 1 * * *", "Europe/London");
    expect(schedule.timesOn("2026-03-28").map((d) => d.toISOString())).toEqual(["2026-03-28T01:30:00.000Z"]);
    expect(schedule.timesOn("2026-03-29").map((d) => d.toISOString())).toEqual(["2026-03-29T01:30:00.000Z"]); // 02:30 BST
    expect(schedule.timesOn("2026-10-25").map((d) => d.toISOString())).toEqual(["2026-10-25T01:30:00.000Z"]); // once: 01:30 GMT
    expect(digestSchedule("0 8 * * 1-5", "Europe/London").timesOn("2026-03-29")).toEqual([]); // a Sunday
    expect(schedule.dueToday(new Date("2026-03-29T01:29:00Z"))).toBeNull();
  });

  it("node-cron skips 29 March; the catch-up check posts that day's digest after the gap, and no day is doubled", async () => {
    expect(fired.springGap.filter((f) => f.job === "digest").map((f) => localDate(f.firedAt, "Europe/London"))).toEqual([
      "2026-03-28",
      "2026-03-30",
      "2026-03-31",
    ]);
    const { posts, runs } = await replay(fired.springGap, "30 1 * * *");
    expect(runs).toEqual([
      { local_date: "2026-03-28", trigger: "schedule", status: "posted", attempts: 1 },
      { local_date: "2026-03-29", trigger: "catch_up", status: "posted", attempts: 1 },
      { local_date: "2026-03-30", trigger: "schedule", status: "posted", attempts: 1 },
      { local_date: "2026-03-31", trigger: "schedule", status: "posted", attempts: 1 },
    ]);
    expect(posts).toHaveLength(4);
  });

  it("posts once on the day 01:30 happens twice (25 October)", async () => {
    const { posts, runs } = await replay(fired.autumnRepeat, "30 1 * * *");
    expect(runs.map((r) => r.local_date)).toEqual(["2026-10-25", "2026-10-26"]);
    expect(posts).toHaveLength(2);
  });
});
