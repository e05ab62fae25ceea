// An ADMIN grant needs an ADMIN's click: a STAFF member's Confirm is refused without burning the card; the owner's runs it.
import { slackShows, sql } from "../checks.ts";
import { ref } from "../matchers.ts";
import { STAFF_MEMBER } from "../seed-kit.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const adminGrantNeedsAdmin = defineScenario({
  id: "maestro-admin-grant-needs-admin",
  category: "gate",
  description:
    "Tom (STAFF) asks to approve Ruth's ADMIN request and clicks Confirm himself: refused, only an ADMIN may decide it, and the card " +
    "stays open. Maya (ADMIN) clicks Confirm and the grant runs once, decided by her.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "ADMIN", reason: "Covering the owner's leave." }));
  },
  turns: [
    { dm: "Approve Ruth Abernathy's ADMIN request (request {request}).", as: STAFF_MEMBER },
    { click: "Confirm", as: STAFF_MEMBER },
    { click: "Confirm" },
  ],
  model: (refs) => [
    callTools([{ name: "approve_role_request", input: { request_id: refs.request } }], "Granting ADMIN waits for a click:"),
    (request) => reply(`Approved — ${seen(request).user.name} now holds ${seen(request).current_roles.join(" and ")}.`),
  ],
  checks: [
    slackShows(/only an ADMIN may approve it/, { turn: 2 }),
    sql("select status from role_requests where id = :request", "APPROVED"),
    sql("select decided_by from role_requests where id = :request", ref("maya")),
    sql("select actor_id from audit_log where action = 'role_request.approve'", ref("maya")),
    sql("select count(*)::int from audit_log where actor_id = :tom::text", 0),
  ],
});
