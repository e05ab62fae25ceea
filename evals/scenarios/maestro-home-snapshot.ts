// The App Home: the operator snapshot (queue, approvals, failures), and Approve clicked right there.
import { cardPosted, modelCalls, slackShows, sql } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const homeSnapshot = defineScenario({
  id: "maestro-home-snapshot",
  category: "surface",
  description:
    "The operator opens Maestro's Home tab: it shows the queue depth and oldest new intake, the pending role request with Approve / " +
    "Reject, and the day's workflow failure. Clicking Approve there grants the role and refreshes the tab.",
  async seed(kit) {
    const { ruth } = await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 3 } });
    await kit.intake({ name: "Sam Ito", age: { hours: 5 } });
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "STAFF", age: { days: 1 } }));
    const rule = await kit.rule({
      name: "welcome-email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}" },
    });
    await kit.execution(rule, { status: "FAILED", error: "no recipient: the event has no email", age: { hours: 2 } });
  },
  turns: [{ openHome: true }, { click: "Approve" }],
  model: [],
  checks: [
    slackShows(/Dana Reyes/, { turn: 1 }),
    slackShows(/Ruth Abernathy/, { turn: 1 }),
    slackShows(/welcome-email/, { turn: 1 }),
    cardPosted({ buttons: ["Approve", "Reject"] }),
    sql("select status from role_requests where id = :request", "APPROVED"),
    sql("select count(*)::int from audit_log where action = 'role_request.approve' and details->>'path' = 'button'", 1),
    modelCalls(0),
  ],
});
