// A role request's ops alert acted on from the channel: Approve grants the role as the clicker (an ADMIN; the same policy
// as everywhere), and the alert shows who decided instead of the buttons.
import { askForRole } from "../../src/testing/fixtures/arrivals.ts";
import { custom, modelCalls, slackShows, sql } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const alertRoleApproved = defineScenario({
  id: "maestro-alert-role-approved",
  category: "roles",
  description:
    "Ruth asks for the STAFF role (her RoleRequested event committed with the request). The ops-alerts job posts it with " +
    "Approve / Reject…; the operator clicks Approve on the alert: Ruth holds STAFF, the decision is the operator's, and " +
    "the alert now reads APPROVED by her, with no buttons left.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", (await askForRole(kit.db, { userId: ruth.id, role: "STAFF", reason: "I run the Tuesday class." })).id);
  },
  turns: [{ runAlerts: true }, { click: "Approve" }, { runAlerts: true }],
  model: [],
  checks: [
    sql("select status from role_requests where id = :request", "APPROVED"),
    sql(
      "select count(*)::int from role_assignments ra join roles r on r.id = ra.role_id join users u on u.id = ra.user_id " +
        "where r.name = 'STAFF' and u.slack_user_id = 'U0RUTH' and ra.revoked_at is null",
      1,
      "Ruth holds STAFF",
    ),
    slackShows(/Role request\*? #\d+ for \*?STAFF\*? — from “Ruth Abernathy”/, { turn: 1 }),
    custom("the alert was updated in place: APPROVED by the operator, no buttons", "slack", (e) => {
      const alertTs = e.slack.find((r) => r.method === "chat.postMessage" && r.args.channel === "C0OPS")?.response?.ts;
      const last = JSON.stringify(e.slack.filter((r) => r.method === "chat.update" && r.args.ts === alertTs).at(-1)?.args.blocks ?? null);
      const pass = /APPROVED\*? by Maya Okafor/.test(last) && !last.includes('"button"') && last.includes("Ruth Abernathy");
      return { pass, detail: last.slice(Math.max(0, last.indexOf('"context"')), 600) };
    }),
    modelCalls(0),
  ],
});
