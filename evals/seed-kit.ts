// What a scenario's seed gets: the database, the eval clock's "now", the cast, and fixtures timed from "now".
import type { Knex } from "knex";
import { seedDemo } from "../src/seed/demo.ts";
import { insertAuditEntry, insertFeedEvents, insertStatusPath } from "../src/testing/fixtures/activity.ts";
import { bookSlot, insertSlot } from "../src/testing/fixtures/bookings.ts";
import { insertContact, insertIntake } from "../src/testing/fixtures/intakes.ts";
import { insertUser, type TestUser } from "../src/testing/fixtures/people.ts";
import { insertRoleRequest } from "../src/testing/fixtures/roles.ts";
import { insertExecution, insertRule, type RuleOptions } from "../src/testing/fixtures/workflows.ts";
import type { RuleRow } from "../src/domain/workflows/rule-store.ts";
import type { ContactStatus, IntakeStatus } from "../src/domain/vocabulary.ts";
import type { Refs } from "./scenario.ts";

/** The Slack ids of the cast every scenario can use. */
export const OPERATOR = "U0MAYA"; // Maya Okafor, ADMIN: the studio's operator, the default actor
export const STAFF_MEMBER = "U0TOM"; // Tom Bexley, STAFF
export const MEMBER = "U0RUTH"; // Ruth Abernathy, MEMBER: not staff
export const STRANGER = "U0STRANGER"; // a Slack user Maestro does not know

type Ago = { days?: number; hours?: number; minutes?: number };
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "");

export interface SeedKit {
  db: Knex;
  /** The eval clock's start: every seeded timestamp is relative to it, so runs (and recordings) repeat exactly. */
  now: Date;
  refs: Refs;
  ago(span: Ago): Date;
  /** Remembers an id under a name for the model's side and the checks (`ref("intake")`, `:intake` in SQL). */
  ref<T extends number | string>(name: string, value: T): T;
  /** Maya Okafor (ADMIN, U0MAYA), Tom Bexley (STAFF, U0TOM), Ruth Abernathy (MEMBER, U0RUTH); refs maya, tom, ruth. */
  people(): Promise<{ maya: TestUser; tom: TestUser; ruth: TestUser }>;
  user(name: string, roles: string[], slackUserId?: string | null): Promise<TestUser>;
  intake(options: { name: string; status?: IntakeStatus; goals?: string; age?: Ago; audience?: string }): Promise<number>;
  history(intakeId: number, path: Parameters<typeof insertStatusPath>[2], age?: Ago): Promise<void>;
  contact(options: { name: string; status: ContactStatus; source?: string; age?: Ago }): Promise<number>;
  roleRequest(options: { userId: number; role?: string; reason?: string; age?: Ago }): Promise<number>;
  rule(options: RuleOptions & { name: string }): Promise<RuleRow>;
  execution(
    rule: RuleRow,
    options: { status: "SUCCESS" | "FAILED" | "SKIPPED"; error?: string; age?: Ago; subjectType?: string; subjectId?: number },
  ): Promise<number>;
  events(events: { type: string; age?: Ago; metadata?: Record<string, unknown> }[]): Promise<void>;
  audit(entry: {
    actorId: number | null;
    action: string;
    targetType: string;
    targetId: number;
    details?: Record<string, unknown>;
    age?: Ago;
  }): Promise<number>;
  slot(options: { startsIn: Ago; minutes?: number; bookedBy?: number }): Promise<number>;
  /** The whole demo studio (Studio Ordo) of `maestro seed --demo`, with Maya Okafor as U0MAYA. */
  demo(): Promise<void>;
}

export function createSeedKit(db: Knex, now: Date): SeedKit {
  const refs: Refs = {};
  const ago = (span: Ago = {}) =>
    new Date(now.getTime() - ((span.days ?? 0) * 86_400_000 + (span.hours ?? 0) * 3_600_000 + (span.minutes ?? 0) * 60_000));
  // Fixed emails: the fixtures' defaults carry Date.now(), which would change tool results between runs.
  const user = (name: string, roles: string[], slackUserId: string | null = null) =>
    insertUser(db, { name, roles, slackUserId, email: `${slug(name)}@studio-ordo.example` });
  const kit: SeedKit = {
    db,
    now,
    refs,
    ago,
    ref(name, value) {
      refs[name] = value;
      return value;
    },
    async people() {
      const maya = await user("Maya Okafor", ["ADMIN"], OPERATOR);
      const tom = await user("Tom Bexley", ["STAFF"], STAFF_MEMBER);
      const ruth = await user("Ruth Abernathy", ["MEMBER"], MEMBER);
      kit.ref("maya", maya.id);
      kit.ref("tom", tom.id);
      kit.ref("ruth", ruth.id);
      return { maya, tom, ruth };
    },
    user,
    async intake(o) {
      const row = await insertIntake(db, {
        name: o.name,
        status: o.status,
        goals: o.goals,
        audience: o.audience,
        email: `${slug(o.name)}@example.com`,
        createdAt: ago(o.age),
      });
      return row.id;
    },
    history: (intakeId, path, age) => insertStatusPath(db, intakeId, path, ago(age)),
    async contact(o) {
      return (
        await insertContact(db, {
          name: o.name,
          status: o.status,
          source: o.source,
          email: `${slug(o.name)}@example.com`,
          createdAt: ago(o.age),
        })
      ).id;
    },
    async roleRequest(o) {
      return (await insertRoleRequest(db, { userId: o.userId, role: o.role, reason: o.reason, submittedAt: ago(o.age ?? { hours: 5 }) }))
        .id;
    },
    rule: (o) => insertRule(db, { createdAt: ago({ days: 20 }), ...o }),
    async execution(rule, o) {
      return (
        await insertExecution(db, rule, {
          status: o.status,
          error: o.error,
          subjectType: o.subjectType,
          subjectId: o.subjectId,
          createdAt: ago(o.age),
        })
      ).id;
    },
    events: (events) =>
      insertFeedEvents(
        db,
        events.map((e) => ({ type: e.type, at: ago(e.age), metadata: e.metadata })),
      ),
    audit: (e) =>
      insertAuditEntry(db, {
        actorType: e.actorId === null ? "SYSTEM" : "USER",
        actorId: e.actorId === null ? null : String(e.actorId),
        action: e.action,
        targetType: e.targetType,
        targetId: String(e.targetId),
        details: e.details,
        at: ago(e.age),
      }),
    async slot(o) {
      const start = new Date(
        now.getTime() + ((o.startsIn.days ?? 0) * 86_400_000 + (o.startsIn.hours ?? 0) * 3_600_000 + (o.startsIn.minutes ?? 0) * 60_000),
      );
      const slot = await insertSlot(db, { start, minutes: o.minutes });
      if (o.bookedBy !== undefined) await bookSlot(db, slot.id, o.bookedBy);
      return slot.id;
    },
    async demo() {
      await seedDemo(db, { adminSlackIds: [OPERATOR], now, timeZone: "Europe/London" });
    },
  };
  return kit;
}
