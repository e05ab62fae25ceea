// seedDemo: fills an empty database with Studio Ordo, a small ceramics studio, in one transaction.
import type { Knex } from "knex";
import { seedAvailability } from "./demo-availability.ts";
import { insertAudit, insertEvents, insertHistory, seedSearches } from "./demo-activity.ts";
import { DAY_MS, type DemoContext } from "./demo-context.ts";
import { insertExecutions, planExecutions } from "./demo-executions.ts";
import { seedPeople } from "./demo-people.ts";
import { seedPipeline } from "./demo-pipeline.ts";
import { planRuleOnlyEvents, seedRules } from "./demo-rules.ts";
import { SeededRandom } from "./random.ts";
import { countRows, type SeedSummary } from "./count-rows.ts";
import { assertStudioEmpty, resetStudioData } from "./reset-studio-data.ts";

export interface DemoSeedOptions {
  /** Slack ids that get ADMIN users (MAESTRO_ADMIN_SLACK_IDS); the studio owner takes the first. */
  adminSlackIds: string[];
  /** Every timestamp is relative to this; the same `now` gives the same studio. */
  now?: Date;
  /** The studio's time zone: sessions sit in its opening hours and "today" is its today. */
  timeZone?: string;
  /** Wipe every studio and bot table first, in the same transaction (so a failed seed keeps the old data). */
  reset?: boolean;
}

/** Fixed, so the data is reproducible; only `now` moves the timeline. */
const DEMO_SEED = 20_261_122;
/** The studio switched from its old admin dashboard to Maestro this long ago: the audit log starts here. */
const GO_LIVE_DAYS_AGO = 9;

export async function seedDemo(knex: Knex, options: DemoSeedOptions): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  return knex.transaction(async (trx) => {
    if (options.reset) await resetStudioData(trx);
    await assertStudioEmpty(trx);
    const ctx: DemoContext = {
      trx,
      rng: new SeededRandom(DEMO_SEED),
      now,
      timeZone: options.timeZone ?? "UTC",
      goLive: new Date(now.getTime() - GO_LIVE_DAYS_AGO * DAY_MS),
      people: new Map(),
      contacts: new Map(),
      events: [],
      history: [],
      audit: [],
    };
    await seedPeople(ctx, options.adminSlackIds);
    const { intakes, bookings } = await seedPipeline(ctx);
    await seedAvailability(ctx, bookings);
    const rules = await seedRules(ctx);
    planRuleOnlyEvents(ctx, intakes);
    await seedSearches(ctx);
    await insertEvents(ctx);
    const executions = planExecutions(ctx, rules, intakes);
    const historyIds = await insertHistory(ctx);
    await insertExecutions(ctx, executions, historyIds);
    await insertAudit(ctx);
    return countRows(trx);
  });
}
