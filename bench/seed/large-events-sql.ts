// The large studio's feed: events derived from the rows already written, topped up with everyday
// activity (notes, assignments, contact changes, tickets), inserted oldest first as a live feed would be.
import { EVAL_SOURCE, FEED_EVENT_TYPES as E } from "../../src/domain/vocabulary.ts";
import { int, sqlArray, staffId, type LargeShape } from "./large-sql.ts";
import { NOTES } from "./large-vocabulary.ts";

const pathOf = (actorType: string) => `case ${actorType} when 'AGENT' then 'agent' when 'USER' then 'command' else 'system' end`;

/** Events that follow from existing rows: one per intake, status change, contact, request, decision, slot, booking, search. */
const derived = (s: LargeShape) => `
  select '${E.intakeCreated}' as event_type, 'SYSTEM' as actor_type, null::text as actor_id, 'intake' as subject_type, i.id::text as subject_id,
         jsonb_build_object('path', 'system', 'intake_id', i.id, 'contact_id', i.contact_id, 'contact_name', i.contact_name,
                            'email', i.email, 'audience', i.audience) as metadata, i.created_at
  from intake_requests i
  union all
  select '${E.intakeStatusChanged}', h.actor_type, h.actor_id::text, 'intake', h.intake_id::text,
         jsonb_build_object('path', ${pathOf("h.actor_type")}, 'intake_id', h.intake_id, 'from_status', h.from_status, 'to_status', h.to_status,
                            'contact_id', i.contact_id, 'email', i.email, 'audience', i.audience), h.created_at
  from intake_status_history h join intake_requests i on i.id = h.intake_id where h.from_status <> h.to_status
  union all
  select '${E.contactCreated}', 'SYSTEM', null, 'contact', c.id::text,
         jsonb_build_object('path', 'system', 'contact_id', c.id, 'name', c.name, 'email', c.email, 'source', c.source), c.created_at
  from contacts c
  union all
  select '${E.roleRequested}', 'USER', rr.user_id::text, 'role_request', rr.id::text,
         jsonb_build_object('request_id', rr.id, 'user_id', rr.user_id, 'user_name', u.name, 'role', r.name, 'reason', rr.reason), rr.submitted_at
  from role_requests rr join users u on u.id = rr.user_id join roles r on r.id = rr.requested_role_id
  union all
  select case rr.status when 'APPROVED' then '${E.roleApproved}' else '${E.roleRejected}' end, 'USER', rr.decided_by::text, 'role_request', rr.id::text,
         jsonb_build_object('path', 'button', 'request_id', rr.id, 'user_id', rr.user_id, 'user_name', u.name, 'email', u.email, 'role', r.name,
                            'decision_reason', rr.decision_reason), rr.decided_at
  from role_requests rr join users u on u.id = rr.user_id join roles r on r.id = rr.requested_role_id where rr.status <> 'PENDING'
  union all
  select '${E.availabilityAdded}', 'USER', ${staffId(s)}::text, 'availability', a.id::text,
         jsonb_build_object('path', 'command', 'availability_id', a.id, 'start_at', a.start_at, 'end_at', a.end_at), a.created_at
  from maestro_availability a
  union all
  select '${E.availabilityCancelled}', 'USER', ${staffId(s)}::text, 'availability', a.id::text,
         jsonb_build_object('path', 'button', 'availability_id', a.id, 'start_at', a.start_at, 'reason', 'Instructor unavailable.'),
         least(a.created_at + (a.start_at - a.created_at) * random(), ${s.now})
  from maestro_availability a where a.status = 'CANCELLED'
  union all
  select '${E.bookingConfirmed}', 'USER', ${staffId(s)}::text, 'booking', b.id::text,
         jsonb_build_object('path', 'command', 'booking_id', b.id, 'availability_id', b.availability_id, 'intake_id', b.intake_id,
                            'contact_name', i.contact_name, 'email', i.email, 'audience', i.audience, 'start_at', a.start_at), b.created_at
  from bookings b join maestro_availability a on a.id = b.availability_id join intake_requests i on i.id = b.intake_id
  union all
  select '${E.contentSearched}', 'SYSTEM', null, null, null,
         jsonb_build_object('path', 'system', 'query', q.query, 'results_count', q.results_count), q.created_at
  from content_search_log q`;

/** Everyday activity that leaves no other row here, by share; 2% are test events (metadata.source = EVAL). */
const EVERYDAY: [type: string, share: number][] = [
  [E.intakeNoteAdded, 0.4],
  [E.intakeAssigned, 0.25],
  [E.contactStatusChanged, 0.25],
  [E.triageTicket, 0.098],
  [E.bookingCancelled, 0.0015],
  [E.workflowRuleToggled, 0.0005],
];

const everyday = (s: LargeShape, n: number) => {
  let cumulative = 0;
  const typeCase = EVERYDAY.map(([type, share], i) => {
    cumulative += share;
    return i === EVERYDAY.length - 1 ? `else '${type}'` : `when p.r1 < ${cumulative.toFixed(4)} then '${type}'`;
  }).join(" ");
  return `
  select t.event_type, a.actor_type, case when a.actor_type = 'SYSTEM' then null else p.staff::text end, x.subject_type, x.subject_id::text,
         jsonb_build_object('path', ${pathOf("a.actor_type")}) || x.metadata
           || case when p.r3 < 0.02 then '{"source": "${EVAL_SOURCE}"}'::jsonb else '{}'::jsonb end,
         p.t
  from (select g, ${s.now} - random() * interval '${int(s.days)} days' as t, random() as r1, random() as r2, random() as r3,
               ${int(s.intakeLo)} + floor(random() * ${int(s.intakes)})::int as intake_id,
               ${int(s.contactLo)} + floor(random() * ${int(s.contacts)})::int as contact_id,
               ${staffId(s)} as staff
        from generate_series(1, ${int(n)}) g) p
  cross join lateral (select case ${typeCase} end as event_type) t
  cross join lateral (select case when p.r2 < 0.45 then 'USER' when p.r2 < 0.75 then 'AGENT' else 'SYSTEM' end as actor_type) a
  cross join lateral (select
    case when t.event_type in ('${E.contactStatusChanged}') then 'contact' when t.event_type = '${E.bookingCancelled}' then 'booking'
         when t.event_type = '${E.workflowRuleToggled}' then 'workflow_rule' else 'intake' end as subject_type,
    case when t.event_type = '${E.contactStatusChanged}' then p.contact_id
         when t.event_type = '${E.bookingCancelled}' then ${int(s.bookingLo)} + floor(p.r3 * ${int(Math.max(1, s.bookings))})::int
         when t.event_type = '${E.workflowRuleToggled}' then ${int(s.ruleLo)} + floor(p.r3 * ${int(s.rules)})::int
         else p.intake_id end as subject_id,
    case t.event_type
      when '${E.intakeNoteAdded}' then jsonb_build_object('intake_id', p.intake_id, 'note', (${sqlArray(NOTES)})[1 + floor(p.r3 * ${NOTES.length})::int])
      when '${E.intakeAssigned}' then jsonb_build_object('intake_id', p.intake_id, 'owner_user_id', p.staff)
      when '${E.contactStatusChanged}' then jsonb_build_object('contact_id', p.contact_id,
           'to_status', (array['CONTACTED', 'QUALIFIED', 'ACTIVE', 'CHURNED'])[1 + floor(p.r3 * 4)::int])
      when '${E.triageTicket}' then jsonb_build_object('intake_id', p.intake_id, 'ticket_id', 'T-' || p.g, 'summary', 'Asked to change their session time.')
      when '${E.bookingCancelled}' then jsonb_build_object('reason', 'Client cancelled.')
      else jsonb_build_object('enabled', p.r3 < 0.5) end as metadata) x`;
};

/** How many events follow from the rows already written (the rest of the target is everyday activity). */
export const derivedCountSql = `
select (select count(*) from intake_requests) + (select count(*) from intake_status_history where from_status <> to_status)
     + (select count(*) from contacts) + (select count(*) from role_requests) + (select count(*) from role_requests where status <> 'PENDING')
     + (select count(*) from maestro_availability) + (select count(*) from maestro_availability where status = 'CANCELLED')
     + (select count(*) from bookings) + (select count(*) from content_search_log) as n`;

export const feedEventsSql = (s: LargeShape, everydayCount: number) => `
insert into feed_events (event_type, actor_type, actor_id, subject_type, subject_id, metadata, created_at)
select * from (${derived(s)}
  ${everydayCount > 0 ? `union all ${everyday(s, everydayCount)}` : ""}) e
order by created_at`;
