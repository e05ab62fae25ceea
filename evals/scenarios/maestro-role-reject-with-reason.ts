// Rejecting a role request with a reason: held on a card, Confirm, then REJECTED with the reason and a RoleRejected event.
import { cardPosted, replyMatches, sql, toolCalled, unchangedBeforeClick } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const roleRejectWithReason = defineScenario({
  id: "maestro-role-reject-with-reason",
  category: "roles",
  description:
    "The operator rejects Ruth's STAFF request with a reason: the rejection waits on a card, and after Confirm the request is " +
    "REJECTED with that reason kept, a RoleRejected event, and no role granted.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "STAFF", reason: "I'd like to see the queue." }));
  },
  turns: [{ dm: "Reject Ruth Abernathy's STAFF request — she's a member, not on the team this term." }, { click: "Confirm" }],
  model: [
    callTools([{ name: "list_role_requests", input: {} }]),
    (request) =>
      callTools(
        [
          {
            name: "reject_role_request",
            input: { request_id: seen(request).requests[0].id, reason: "A member, not on the team this term." },
          },
        ],
        "Rejecting is final, so it waits for your click:",
      ),
    (request) => {
      const done = seen(request);
      return reply(`Rejected ${done.user.name}'s ${done.role} request (reason kept: “${done.decision_reason}”).`);
    },
  ],
  checks: [
    unchangedBeforeClick("role_requests", "feed_events", "audit_log"),
    sql("select status from role_requests where id = :request", "REJECTED"),
    sql("select decision_reason from role_requests where id = :request", /not on the team this term/),
    sql("select count(*)::int from feed_events where event_type = 'RoleRejected'", 1),
    sql("select count(*)::int from role_assignments ra join roles r on r.id = ra.role_id where ra.user_id = :ruth and r.name = 'STAFF'", 0),
    cardPosted({ buttons: ["Confirm", "Cancel"], mentions: /Reject role request #\d+ for STAFF/ }),
    toolCalled("reject_role_request", { request_id: ref("request"), reason: /not on the team/ }),
    replyMatches(/reject/i, { turn: 2 }),
  ],
});
