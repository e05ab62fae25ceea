// The large studio's SQL: every table filled server-side with INSERT … SELECT over generate_series.
// Builders take plain numbers and constant word lists and return SQL text (no user input reaches them).
import { AUDIT_ACTIONS } from "../../src/domain/vocabulary.ts";
import {
  AUDIENCES,
  EMAIL_DOMAINS,
  EXECUTION_ERRORS,
  FIRST_NAMES,
  GOALS,
  GOAL_EXTRAS,
  LAST_NAMES,
  NOTES,
  SEARCH_QUERIES,
  SOURCES,
} from "./large-vocabulary.ts";

/** Counts and id ranges the statements need; ids are contiguous because each table is filled by one statement. */
export interface LargeShape {
  now: string; // a timestamptz literal
  days: number; // how far back the studio goes
  users: number;
  staff: number;
  admins: number;
  instructors: number;
  pending: number;
  requests: number;
  contacts: number;
  intakes: number;
  slots: number;
  searches: number;
  audit: number;
  userLo: number;
  requestLo: number;
  contactLo: number;
  intakeLo: number;
  slotLo: number;
  bookingLo: number;
  bookings: number;
  ruleLo: number;
  rules: number;
  roleIds: Record<string, number>;
}

export const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`large seed: ${n} is not an integer`);
  return String(n);
};
const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const sqlArray = (values: readonly (string | number)[]) =>
  `array[${values.map((v) => (typeof v === "number" ? int(v) : text(v))).join(", ")}]`;
/** A random element of a constant array: (array[…])[1 + floor(random() * n)]. */
export const pick = (values: readonly (string | number)[]) => `(${sqlArray(values)})[1 + floor(random() * ${values.length})::int]`;
/** The g-th of n rows spread evenly from `days` ago to now, oldest first, nudged back by up to `jitter`. */
export const spread = (s: LargeShape, n: number, jitter = "1 hour") =>
  `${s.now} - (${s.days} * (1 - g::float8 / ${int(n)})) * interval '1 day' - random() * interval '${jitter}'`;
const slug = (expr: string) => `lower(regexp_replace(${expr}, '[^A-Za-z]', '', 'g'))`;
export const staffId = (s: LargeShape) => `(${int(s.userLo)} + floor(random() * ${int(s.staff)})::int)`;

export const usersSql = (s: LargeShape) => `
insert into users (name, email, slack_user_id, created_at)
select f || ' ' || l,
       case when g <= ${int(s.staff)} then ${slug("f")} || g || '@studio-ordo.example'
            else ${slug("f")} || '.' || ${slug("l")} || g || '@' || d end,
       case when g <= ${int(s.staff)} then 'U0LS' || lpad(g::text, 6, '0')
            when random() < 0.4 then 'U1LM' || lpad(g::text, 7, '0') end,
       ${spread(s, s.users)}
from (select g, ${pick(FIRST_NAMES)} as f, ${pick(LAST_NAMES)} as l, ${pick(EMAIL_DOMAINS)} as d
      from generate_series(1, ${int(s.users)}) g) p
order by g`;

export const roleAssignmentsSql = (s: LargeShape) => {
  const band = (role: string, from: number, to: number, revokable: boolean) => `
  select u.id, ${int(s.roleIds[role]!)}, case when u.id = ${int(s.userLo)} then null else ${staffId(s)} end, u.created_at,
         ${revokable ? `case when random() < 0.05 then u.created_at + (${s.now} - u.created_at) * random() end` : "null::timestamptz"}
  from users u where u.id >= ${int(s.userLo + from)} and u.id < ${int(s.userLo + to)}`;
  return `
insert into role_assignments (user_id, role_id, granted_by, granted_at, revoked_at)
${band("ADMIN", 0, s.admins, false)}
union all ${band("STAFF", s.admins, s.staff, false)}
union all ${band("INSTRUCTOR", s.staff, s.staff + s.instructors, false)}
union all ${band("MEMBER", s.staff, s.users, true)}`;
};

export const roleRequestsSql = (s: LargeShape) => {
  const roles = sqlArray(["INSTRUCTOR", "MEMBER", "STAFF", "ADMIN"].map((r) => s.roleIds[r]!));
  const reasons = pick([
    "Teaching the kids' class next term.",
    "Covering the front desk on Saturdays.",
    "Joined as a member at the desk.",
    "Need to manage the kiln schedule.",
  ]);
  return `
insert into role_requests (user_id, requested_role_id, reason, status, decided_by, decision_reason, submitted_at, decided_at)
select user_id, role_id, reason, status, decided_by, decision_reason, submitted_at, decided_at from (
  select ${int(s.userLo + s.staff)} + g - 1 as user_id, (${roles})[1 + floor(random() * 4)::int] as role_id, ${reasons} as reason,
         'PENDING' as status, null::int as decided_by, null as decision_reason,
         ${s.now} - random() * interval '14 days' as submitted_at, null::timestamptz as decided_at
  from generate_series(1, ${int(s.pending)}) g
  union all
  select user_id, role_id, reason, status, ${staffId(s)}, case when status = 'REJECTED' then 'Not at the moment; let us talk at the next studio meeting.' end,
         submitted_at, least(submitted_at + random() * interval '3 days', ${s.now})
  from (select ${int(s.userLo)} + floor(random() * ${int(s.users)})::int as user_id, (${roles})[1 + floor(random() * 4)::int] as role_id,
               ${reasons} as reason, case when random() < 0.6 then 'APPROVED' else 'REJECTED' end as status,
               ${spread(s, s.requests - s.pending, "2 days")} - interval '1 day' as submitted_at
        from generate_series(1, ${int(s.requests - s.pending)}) g) d
) r order by submitted_at`;
};

export const contactsSql = (s: LargeShape) => `
insert into contacts (name, email, status, source, created_at, updated_at)
select f || ' ' || l, ${slug("f")} || '.' || ${slug("l")} || g || '@' || d, st, src, created,
       case when st = 'NEW' then created else created + (${s.now} - created) * random() end
from (select g, ${pick(FIRST_NAMES)} as f, ${pick(LAST_NAMES)} as l, ${pick(EMAIL_DOMAINS)} as d, ${pick(SOURCES)} as src,
             ${spread(s, s.contacts, "6 hours")} as created, random() as r
      from generate_series(1, ${int(s.contacts)}) g) p
cross join lateral (select case when created > ${s.now} - interval '14 days'
    then case when r < 0.6 then 'NEW' when r < 0.85 then 'CONTACTED' else 'QUALIFIED' end
    else case when r < 0.1 then 'NEW' when r < 0.35 then 'CONTACTED' when r < 0.55 then 'QUALIFIED' when r < 0.85 then 'ACTIVE' else 'CHURNED' end
  end as st) x
order by created`;

/** Recent enquiries are still moving; older ones have mostly closed or been turned down. */
export const intakesSql = (s: LargeShape) => `
insert into intake_requests (contact_id, contact_name, email, audience, goals, status, owner_user_id, created_at, updated_at)
select c.id, coalesce(c.name, p.f || ' ' || p.l), coalesce(c.email, ${slug("p.f")} || '.intake' || p.g || '@example.com'),
       p.audience, p.goals, x.st,
       case when x.st = 'NEW' and random() < 0.7 then null else ${staffId(s)} end,
       p.created, p.created + least(${s.now} - p.created, interval '30 days') * random()
from (select g, ${pick(FIRST_NAMES)} as f, ${pick(LAST_NAMES)} as l, ${pick(AUDIENCES)} as audience,
             ${pick(GOALS)} || case when random() < 0.25 then ' ' || ${pick(GOAL_EXTRAS)} else '' end as goals,
             ${spread(s, s.intakes, "3 hours")} as created, random() as r, random() as rc,
             greatest(1, floor(${int(s.contacts)} * g::float8 / ${int(s.intakes)})::int - floor(random() * 200)::int) as cidx
      from generate_series(1, ${int(s.intakes)}) g) p
left join contacts c on c.id = ${int(s.contactLo)} + p.cidx - 1 and p.rc >= 0.15
cross join lateral (select case when p.created > ${s.now} - interval '14 days'
    then case when r < 0.4 then 'NEW' when r < 0.65 then 'TRIAGED' when r < 0.8 then 'QUALIFIED' when r < 0.9 then 'BOOKED' else 'REJECTED' end
    else case when r < 0.55 then 'CLOSED' when r < 0.8 then 'REJECTED' when r < 0.83 then 'BOOKED' when r < 0.9 then 'QUALIFIED'
              when r < 0.95 then 'TRIAGED' else 'NEW' end
  end as st) x
order by p.created`;

/** One row per step of a path that ends at the intake's status; a NEW intake gets its creation note. */
export const historySql = (s: LargeShape) => `
insert into intake_status_history (intake_id, from_status, to_status, note, actor_type, actor_id, created_at)
select i.id, p.path[k], p.path[k + 1],
       case when p.path[k] = p.path[k + 1] then 'Submitted through the website enquiry form.' when random() < 0.5 then ${pick(NOTES)} end,
       a.actor_type, case when a.actor_type = 'SYSTEM' then null else coalesce(i.owner_user_id, ${staffId(s)}) end,
       i.created_at + (i.updated_at - i.created_at) * (k::float8 / (array_length(p.path, 1) - 1))
from intake_requests i
cross join lateral (select case i.status
    when 'NEW' then array['NEW', 'NEW']
    when 'TRIAGED' then array['NEW', 'TRIAGED']
    when 'QUALIFIED' then case when i.id % 2 = 0 then array['NEW', 'TRIAGED', 'QUALIFIED'] else array['NEW', 'QUALIFIED'] end
    when 'BOOKED' then array['NEW', 'QUALIFIED', 'BOOKED']
    when 'REJECTED' then case when i.id % 3 = 0 then array['NEW', 'REJECTED'] else array['NEW', 'TRIAGED', 'REJECTED'] end
    else case when i.id % 3 = 0 then array['NEW', 'BOOKED', 'CLOSED'] else array['NEW', 'QUALIFIED', 'BOOKED', 'CLOSED'] end
  end as path) p
cross join lateral generate_series(1, array_length(p.path, 1) - 1) k
cross join lateral (select case when p.path[k] = p.path[k + 1] then 'SYSTEM'
    else (array['USER', 'USER', 'AGENT', 'SYSTEM'])[1 + floor(random() * 4)::int] end as actor_type) a
order by 7`;

export const slotsSql = (s: LargeShape) => `
insert into maestro_availability (start_at, end_at, status, created_at, updated_at)
select start_at, start_at + span, st, made, made
from (select g, date_trunc('day', ${s.now} - interval '${int(s.days)} days' + (g::float8 / ${int(s.slots)}) * interval '${int(s.days + 30)} days')
                + (array[interval '10 hours', interval '14 hours', interval '18 hours 30 minutes'])[1 + floor(random() * 3)::int] as start_at,
             (array[interval '60 minutes', interval '90 minutes'])[1 + floor(random() * 2)::int] as span, random() as r
      from generate_series(1, ${int(s.slots)}) g) p
cross join lateral (select case when start_at > ${s.now}
    then case when r < 0.8 then 'OPEN' when r < 0.95 then 'BOOKED' else 'CANCELLED' end
    else case when r < 0.55 then 'BOOKED' when r < 0.85 then 'OPEN' else 'CANCELLED' end end as st,
  least(start_at - interval '1 day' - random() * interval '13 days', ${s.now}) as made) x
order by start_at`;

/** Booked slots in time order, paired with booked or closed intakes in time order. */
export const bookingsSql = (s: LargeShape, bookedSlots: number, bookableIntakes: number) => `
insert into bookings (availability_id, intake_id, status, created_at)
select sl.id, i.id, 'CONFIRMED', least(sl.created_at + (sl.start_at - sl.created_at) * random(), ${s.now})
from (select id, start_at, created_at, row_number() over (order by start_at, id) as rn from maestro_availability where status = 'BOOKED') sl
join (select id, row_number() over (order by created_at, id) as rn from intake_requests where status in ('BOOKED', 'CLOSED')) i
  on i.rn = 1 + floor((sl.rn - 1) * ${int(bookableIntakes)}::float8 / ${int(Math.max(1, bookedSlots))})::bigint
order by 4`;

export const searchesSql = (s: LargeShape) => {
  const queries = SEARCH_QUERIES.map(([q]) => q);
  const results = SEARCH_QUERIES.map(([, n]) => n);
  // random()^2 skews towards the first (most popular) queries.
  return `
insert into content_search_log (query, results_count, created_at)
select (${sqlArray(queries)})[i], (${sqlArray(results)})[i] + case when (${sqlArray(results)})[i] > 0 then floor(random() * 3)::int else 0 end, t
from (select 1 + floor(${queries.length} * power(random(), 2))::int as i, ${spread(s, s.searches)} as t
      from generate_series(1, ${int(s.searches)}) g) p
order by t`;
};

const AUDIT_WEIGHTS: [action: string, target: string, weight: number][] = [
  [AUDIT_ACTIONS.intakeStatusUpdate, "intake", 10],
  [AUDIT_ACTIONS.intakeAssign, "intake", 4],
  [AUDIT_ACTIONS.intakeNoteAdd, "intake", 5],
  [AUDIT_ACTIONS.roleRequestApprove, "role_request", 1],
  [AUDIT_ACTIONS.roleRequestReject, "role_request", 1],
  [AUDIT_ACTIONS.availabilityAdd, "availability", 3],
  [AUDIT_ACTIONS.availabilityCancel, "availability", 1],
  [AUDIT_ACTIONS.workflowRuleToggle, "workflow_rule", 1],
  [AUDIT_ACTIONS.workflowTestTrigger, "event_type", 1],
  [AUDIT_ACTIONS.digestPost, "digest", 1],
];

export const auditSql = (s: LargeShape) => {
  const actions = AUDIT_WEIGHTS.flatMap(([a, , w]) => Array<string>(w).fill(a));
  const targets = AUDIT_WEIGHTS.flatMap(([, t, w]) => Array<string>(w).fill(t));
  const idIn = (lo: number, n: number) => `(${int(lo)} + floor(p.rt * ${int(Math.max(1, n))})::int)::text`;
  return `
insert into audit_log (actor_type, actor_id, action, target_type, target_id, details, created_at)
select x.actor_type, case when x.actor_type = 'SYSTEM' then null else u.id::text end, a.action, a.target_type,
       case a.target_type when 'intake' then ${idIn(s.intakeLo, s.intakes)} when 'role_request' then ${idIn(s.requestLo, s.requests)}
         when 'availability' then ${idIn(s.slotLo, s.slots)} when 'workflow_rule' then ${idIn(s.ruleLo, s.rules)}
         when 'event_type' then 'TriageTicket' else to_char(p.t, 'YYYY-MM-DD') end,
       jsonb_build_object('path', x.path) || case when x.actor_type = 'SYSTEM' then '{}'::jsonb else jsonb_build_object('actor_name', u.name) end,
       p.t
from (select g, ${spread(s, s.audit, "30 minutes")} as t, random() as ra, random() as rt,
             1 + floor(random() * ${actions.length})::int as ai, ${staffId(s)} as uid
      from generate_series(1, ${int(s.audit)}) g) p
join users u on u.id = p.uid
cross join lateral (select (${sqlArray(actions)})[p.ai] as action, (${sqlArray(targets)})[p.ai] as target_type) a
cross join lateral (select case when a.action = '${AUDIT_ACTIONS.digestPost}' then 'SYSTEM' when p.ra < 0.45 then 'AGENT' else 'USER' end as actor_type,
  case when a.action = '${AUDIT_ACTIONS.digestPost}' then 'digest' when p.ra < 0.45 then 'agent' when p.ra < 0.8 then 'command' else 'button' end as path) x
order by p.t`;
};

export const executionsSql = (s: LargeShape, sampleRate: number) => `
insert into workflow_executions (rule_id, feed_event_id, status, rule_snapshot, event_payload, action_result, error, duration_ms, created_at)
select j.rule_id, j.event_id, x.st,
       jsonb_build_object('id', j.rule_id, 'name', j.name, 'trigger_event_type', j.trigger_event_type, 'condition', j.condition,
                          'action_type', j.action_type, 'action_config', j.action_config, 'enabled', true),
       jsonb_build_object('id', j.event_id, 'event_type', j.event_type, 'actor_type', j.actor_type, 'actor_id', j.actor_id,
                          'subject_type', j.subject_type, 'subject_id', j.subject_id, 'metadata', j.metadata, 'created_at', j.created_at),
       case x.st when 'SKIPPED' then '{"reason": "condition not met"}'::jsonb when 'SUCCESS' then jsonb_build_object('action', j.action_type, 'delivery', 'queued') end,
       case when x.st = 'FAILED' then ${pick(EXECUTION_ERRORS)} end,
       case x.st when 'SKIPPED' then floor(random() * 3)::int when 'FAILED' then 50 + floor(random() * 4000)::int else 3 + floor(random() * 400)::int end,
       j.created_at + j.r2 * interval '2 seconds'
from (select e.id as event_id, e.event_type, e.actor_type, e.actor_id, e.subject_type, e.subject_id, e.metadata, e.created_at,
             r.id as rule_id, r.name, r.trigger_event_type, r.condition, r.action_type, r.action_config, random() as r1, random() as r2
      from feed_events e join workflow_rules r on r.trigger_event_type = e.event_type
      where random() < ${sampleRate}) j
-- Correlated on j, so it runs per row (an uncorrelated lateral would be evaluated once).
cross join lateral (select case when j.r1 < 0.03 then 'FAILED' when j.r1 < 0.28 then 'SKIPPED' else 'SUCCESS' end as st) x
order by j.created_at`;
