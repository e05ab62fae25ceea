// seedLarge: a two-year-old studio with about a million feed events, for benchmarks. PostgreSQL only:
// every table is generated server-side (INSERT … SELECT over generate_series), one statement per table.
import type { Knex } from "knex";
import { ROLE_NAMES } from "../../src/domain/vocabulary.ts";
import { countRows, type SeedSummary } from "../../src/seed/count-rows.ts";
import { DEFAULT_ADMIN_SLACK_ID, ROLE_DESCRIPTIONS } from "../../src/seed/demo-cast.ts";
import { derivedCountSql, feedEventsSql } from "./large-events-sql.ts";
import {
  auditSql,
  bookingsSql,
  contactsSql,
  executionsSql,
  historySql,
  intakesSql,
  roleAssignmentsSql,
  roleRequestsSql,
  searchesSql,
  slotsSql,
  usersSql,
  type LargeShape,
} from "./large-sql.ts";
import { LARGE_RULES } from "./large-vocabulary.ts";
import { STUDIO_TABLES, assertStudioEmpty, resetStudioData } from "../../src/seed/reset-studio-data.ts";

export class LargeSeedNeedsPostgresError extends Error {
  constructor() {
    super(
      "The large studio needs PostgreSQL: set DATABASE_URL to a PostgreSQL database (a million rows do not belong " +
        "in the embedded engine, and the seed generates them with server-side SQL).",
    );
    this.name = "LargeSeedNeedsPostgresError";
  }
}

export interface LargeSeedOptions {
  /** Multiplies every row count (1 ≈ a million feed events; tests use 0.001). */
  scale?: number;
  /** Progress lines, one per table. */
  log?: (line: string) => void;
  /** Slack ids mapped onto the first staff users (the first becomes the owner's). */
  adminSlackIds?: string[];
  now?: Date;
  /** Wipe every studio and bot table first, in the seed's transaction (after the engine check). */
  reset?: boolean;
}

export interface LargeSeedStep {
  table: string;
  rows: number;
  seconds: number;
}

export interface LargeSeedResult {
  summary: SeedSummary;
  steps: LargeSeedStep[];
  seconds: number;
}

/** Base counts at scale 1, each with the floor that keeps a tiny scale meaningful. */
const BASE = {
  users: [2_000, 20],
  staff: [20, 3],
  instructors: [100, 2],
  pending: [100, 4],
  requests: [2_000, 10],
  contacts: [50_000, 50],
  intakes: [100_000, 100],
  slots: [5_000, 20],
  searches: [20_000, 20],
  audit: [100_000, 100],
  feedEvents: [1_000_000, 1_000],
  executions: [200_000, 200],
} as const;
const YEARS_OF_HISTORY_DAYS = 730;

/** Throws LargeSeedNeedsPostgresError on the embedded engine (PGlite reports itself in version()). */
export async function assertLargeSeedEngine(db: Knex): Promise<void> {
  const { rows } = (await db.raw("select version() as v")) as { rows: { v: string }[] };
  if (/pglite|emscripten/i.test(rows[0]?.v ?? "")) throw new LargeSeedNeedsPostgresError();
}

export async function seedLarge(knex: Knex, options: LargeSeedOptions = {}): Promise<LargeSeedResult> {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  await assertLargeSeedEngine(knex);
  const count = (key: keyof typeof BASE) => Math.max(BASE[key][1], Math.round(BASE[key][0] * scale));
  const admins = [...new Set(options.adminSlackIds ?? [])];

  const started = performance.now();
  const steps: LargeSeedStep[] = [];
  const step = async (table: string, run: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await run();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ table, rows, seconds });
    log(
      `${table.padEnd(22)} ${rows.toLocaleString("en-US").padStart(10)} rows  ${seconds.toFixed(1).padStart(6)} s  (total ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  };

  await knex.transaction(async (trx) => {
    if (options.reset) await resetStudioData(trx);
    await assertStudioEmpty(trx);
    // Sorting a million rows (feed events are inserted oldest first) wants memory; setseed makes a run repeatable.
    await trx.raw("set local work_mem = '256MB'");
    // The planner overestimates these generated row counts and JIT-compiles every statement for ~1 s: not worth it here.
    await trx.raw("set local jit = off");
    await trx.raw("select setseed(0.4242)");
    const exec = async (sql: string) => ((await trx.raw(sql)) as { rowCount: number }).rowCount;
    const range = async (table: string) => {
      const { rows } = (await trx.raw(`select coalesce(min(id), 1)::int as lo, count(*)::int as n from ${table}`)) as {
        rows: { lo: number; n: number }[];
      };
      return rows[0]!;
    };

    const users = count("users");
    const staff = Math.min(count("staff"), users);
    const s: LargeShape = {
      now: `'${now.toISOString()}'::timestamptz`,
      days: YEARS_OF_HISTORY_DAYS,
      users,
      staff,
      admins: Math.min(staff, Math.max(1, admins.length, Math.round(3 * scale))),
      instructors: Math.min(count("instructors"), users - staff),
      pending: Math.min(count("pending"), users - staff),
      requests: count("requests"),
      contacts: count("contacts"),
      intakes: count("intakes"),
      slots: count("slots"),
      searches: count("searches"),
      audit: count("audit"),
      userLo: 0,
      requestLo: 0,
      contactLo: 0,
      intakeLo: 0,
      slotLo: 0,
      bookingLo: 0,
      bookings: 0,
      ruleLo: 0,
      rules: LARGE_RULES.length,
      roleIds: {},
    };
    s.requests = Math.max(s.requests, s.pending + 1);

    await step("roles", async () => {
      const rows = (await trx("roles")
        .insert(ROLE_NAMES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] ?? null })))
        // Migration 023 puts the four roles on every database: keep them, with the seed's descriptions.
        .onConflict("name")
        .merge(["description"])
        .returning(["id", "name"])) as { id: number; name: string }[];
      s.roleIds = Object.fromEntries(rows.map((r) => [r.name, r.id]));
      return rows.length;
    });
    await step("users", async () => {
      const n = await exec(usersSql(s));
      s.userLo = (await range("users")).lo;
      // The configured admins become the first users, so a real Slack account can drive the big studio.
      const slackIds = admins.length ? admins : [DEFAULT_ADMIN_SLACK_ID];
      for (const [i, slackUserId] of slackIds.slice(0, s.admins).entries()) {
        await trx("users")
          .where({ id: s.userLo + i })
          .update({ slack_user_id: slackUserId });
      }
      return n;
    });
    await step("role_assignments", () => exec(roleAssignmentsSql(s)));
    await step("role_requests", async () => {
      const n = await exec(roleRequestsSql(s));
      s.requestLo = (await range("role_requests")).lo;
      return n;
    });
    await step("contacts", async () => {
      const n = await exec(contactsSql(s));
      s.contactLo = (await range("contacts")).lo;
      return n;
    });
    await step("intake_requests", async () => {
      const n = await exec(intakesSql(s));
      s.intakeLo = (await range("intake_requests")).lo;
      return n;
    });
    await step("intake_status_history", () => exec(historySql(s)));
    await step("maestro_availability", async () => {
      const n = await exec(slotsSql(s));
      s.slotLo = (await range("maestro_availability")).lo;
      return n;
    });
    await step("bookings", async () => {
      const { rows } = (await trx.raw(
        "select (select count(*)::int from maestro_availability where status = 'BOOKED') as slots, (select count(*)::int from intake_requests where status in ('BOOKED', 'CLOSED')) as intakes",
      )) as { rows: { slots: number; intakes: number }[] };
      const n = await exec(bookingsSql(s, rows[0]!.slots, rows[0]!.intakes));
      ({ lo: s.bookingLo, n: s.bookings } = await range("bookings"));
      return n;
    });
    await step("content_search_log", () => exec(searchesSql(s)));
    await step("workflow_rules", async () => {
      const created = new Date(now.getTime() - (YEARS_OF_HISTORY_DAYS + 10) * 86_400_000);
      const rows = (await trx("workflow_rules")
        .insert(
          LARGE_RULES.map((r, i) => ({
            name: r.name,
            trigger_event_type: r.trigger,
            condition: r.condition === null ? null : JSON.stringify(r.condition),
            action_type: r.actionType,
            action_config: JSON.stringify(r.config),
            enabled: i % 7 !== 6, // a couple switched off, as in any real rule set
            created_at: created,
            updated_at: created,
          })),
        )
        .returning(["id"])) as { id: number }[];
      s.ruleLo = Math.min(...rows.map((r) => r.id));
      return rows.length;
    });
    await step("feed_events", async () => {
      const { rows } = (await trx.raw(derivedCountSql)) as { rows: { n: number }[] };
      return exec(feedEventsSql(s, Math.max(0, count("feedEvents") - Number(rows[0]!.n))));
    });
    await step("workflow_executions", async () => {
      const { rows } = (await trx.raw(
        "select count(*)::int as n from feed_events e join workflow_rules r on r.trigger_event_type = e.event_type",
      )) as { rows: { n: number }[] };
      const rate = Math.min(1, count("executions") / Math.max(1, rows[0]!.n));
      return exec(executionsSql(s, Number(rate.toFixed(8))));
    });
    await step("audit_log", () => exec(auditSql(s)));
  });

  await step("analyze", async () => {
    await knex.raw(`analyze ${STUDIO_TABLES.join(", ")}`);
    return 0;
  });
  const summary = await countRows(knex);
  return { summary, steps, seconds: (performance.now() - started) / 1000 };
}
