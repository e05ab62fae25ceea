// MAESTRO_RATE_LIMIT_PER_MINUTE sets how many requests a Slack user may make in a minute, through the wiring main uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock.ts";
import { insertStaff } from "../../testing/fixtures/people.ts";
import { createSlackHarness, testConfig } from "../../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Ada Staff", "U0ADA");
  await insertStaff(db.knex, "Ben Staff", "U0BEN");
});
afterAll(() => db?.drop());

/** Sends `/maestro help` `times` times as `user`; returns which answers were the rate-limit refusal. */
async function helpRequests(env: Record<string, string>, user: string, times: number): Promise<boolean[]> {
  // One fixed instant: every request falls in the same minute's window.
  const { fake } = createSlackHarness(db, { config: testConfig(env), clock: manualClock("2026-11-20T10:00:30Z") });
  for (let i = 0; i < times; i++) {
    await fake.command(user, "help");
    await fake.settle();
  }
  return fake.callsOf("respond").map((call) => /faster than I can take them/.test(JSON.stringify(call.args)));
}

describe("MAESTRO_RATE_LIMIT_PER_MINUTE", () => {
  it("refuses the request after the set number in a minute, with the number in the message", async () => {
    const refused = await helpRequests({ MAESTRO_RATE_LIMIT_PER_MINUTE: "2" }, "U0ADA", 3);
    expect(refused).toEqual([false, false, true]);
  });

  it("lets more through when set higher than the default of 30", async () => {
    const refused = await helpRequests({ MAESTRO_RATE_LIMIT_PER_MINUTE: "40" }, "U0BEN", 35);
    expect(refused).toHaveLength(35);
    expect(refused.filter(Boolean)).toEqual([]);
  });
});
