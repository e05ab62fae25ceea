// Reject… on the approvals list asks for the reason in a modal; submitting it rejects the request with that reason.
import { modelCalls, slackShows, sql, unchangedBeforeClick } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const rejectFromList = defineScenario({
  id: "maestro-reject-from-list",
  category: "roles",
  description:
    "The operator clicks Reject… on Ruth's request in `/maestro approvals`, types the reason in the modal and submits: the request is " +
    "REJECTED with the reason and a RoleRejected event; nothing changed when the modal merely opened.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "STAFF", age: { days: 2 } }));
  },
  turns: [{ command: "approvals" }, { click: "Reject" }, { fillModal: "Members don't get staff access this term." }],
  model: [],
  checks: [
    unchangedBeforeClick("role_requests", "feed_events", "audit_log"),
    sql("select status from role_requests where id = :request", "REJECTED"),
    sql("select decision_reason from role_requests where id = :request", "Members don't get staff access this term."),
    sql("select count(*)::int from feed_events where event_type = 'RoleRejected'", 1),
    slackShows(/Rejected request #\d+/),
    modelCalls(0),
  ],
});
