// The digest in the composition root: the job list, "the digest is off" without a channel, and the catch-up
// a start after the scheduled minute makes (once a day, however many starts).
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../config.ts";
import { manualClock } from "../domain/clock.ts";
import { createLogger, silentLogger, type Logger } from "../logger.ts";
import { startMaestro } from "../main.ts";
import { digestConfig, DIGEST_CHANNEL } from "../testing/digest-harness.ts";
import { FakeSlack } from "../testing/fake-slack.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate digest_runs, audit_log restart identity"));

/** Starts Maestro at `at` over a fake Slack with the scheduler on, lets start-up work finish, stops it. */
async function startAndStop(config: Config, at: string, logger: Logger = silentLogger) {
  const fake = new FakeSlack();
  const maestro = await startMaestro(config, {
    transport: { kind: "custom", receiver: fake, fetch: fake.fetch },
    database: db,
    clock: manualClock(at),
    model: null,
    logger,
    drainMs: 5_000,
  });
  const jobs = maestro.scheduler.jobs.map((j) => [j.name, j.cron, j.timeZone ?? null]);
  await maestro.stop(); // waits for the start-up catch-up
  const digests = fake.callsOf("chat.postMessage").filter((c) => c.args.channel === DIGEST_CHANNEL);
  return { jobs, digests };
}

describe("starting Maestro", () => {
  it("without DIGEST_CHANNEL schedules no digest and logs that it is off", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = digestConfig({ DIGEST_CHANNEL: "" });
    const { jobs, digests } = await startAndStop(
      config,
      "2026-11-24T09:30:00Z",
      createLogger({ level: "info", format: "json", destination: stream }),
    );
    expect(jobs.map(([name]) => name)).not.toContain("digest");
    expect(lines.join("")).toContain("DIGEST_CHANNEL is not set: the morning digest is off");
    expect(digests).toHaveLength(0);
  });

  it("with DIGEST_CHANNEL schedules DIGEST_CRON in DIGEST_TZ and the catch-up check", async () => {
    const { jobs } = await startAndStop(
      digestConfig({ DIGEST_CRON: "15 7 * * 1-5", DIGEST_TZ: "America/New_York" }),
      "2026-11-24T05:00:00Z",
    );
    expect(jobs).toContainEqual(["digest", "15 7 * * 1-5", "America/New_York"]);
    expect(jobs).toContainEqual(["digest.catch-up", "2-59/5 * * * *", null]);
  });

  it("after the scheduled minute catches up once: one post, and none on a second start the same day", async () => {
    const config = digestConfig();
    // Tuesday 24 November 2026, Europe/London (GMT): 07:30 is before the 08:00 digest.
    expect((await startAndStop(config, "2026-11-24T07:30:00Z")).digests).toHaveLength(0);
    expect((await startAndStop(config, "2026-11-24T09:30:00Z")).digests).toHaveLength(1);
    expect((await startAndStop(config, "2026-11-24T16:00:00Z")).digests).toHaveLength(0);
    // Saturday: nothing is scheduled, so nothing is caught up.
    expect((await startAndStop(config, "2026-11-28T10:00:00Z")).digests).toHaveLength(0);
    const runs = await db.knex("digest_runs").select("local_date", "trigger", "status");
    expect(runs).toEqual([{ local_date: "2026-11-24", trigger: "catch_up", status: "posted" }]);
  });
});
