// Approve on the /maestro approvals list: the click is the human decision — the same tool and policy, no second card.
import { custom, modelCalls, noCardPosted, slackShows, sql } from "../checks.ts";
import { findButton } from "../harness/drive-turn.ts";
import { defineScenario } from "../scenario.ts";

export const approveFromList = defineScenario({
  id: "maestro-approve-from-list",
  category: "roles",
  description:
    "The operator opens `/maestro approvals` and clicks Approve on Ruth's row: the role is granted at once by that click (audited " +
    "as a button decision), Kezia's request stays pending, and no model is involved.",
  async seed(kit) {
    const { ruth } = await kit.people();
    const kezia = await kit.user("Kezia Thompson", []);
    kit.ref("ruthRequest", await kit.roleRequest({ userId: ruth.id, role: "STAFF", age: { days: 2 } }));
    kit.ref("keziaRequest", await kit.roleRequest({ userId: kezia.id, role: "MEMBER", age: { hours: 3 } }));
  },
  turns: [{ command: "approvals" }, { click: "Approve", row: "Ruth Abernathy" }],
  model: [],
  checks: [
    sql("select status from role_requests where id = :ruthRequest", "APPROVED"),
    sql("select status from role_requests where id = :keziaRequest", "PENDING"),
    sql("select details->>'path' from audit_log where action = 'role_request.approve'", "button"),
    sql("select count(*)::int from feed_events where event_type = 'RoleApproved'", 1),
    noCardPosted(),
    slackShows(/Approved: Ruth Abernathy now has the STAFF role/),
    custom("the list was refreshed in place: Approve is gone from Ruth's row, still on Kezia's", "slack", (e) => {
      const ruth = findButton(e.slack, "Approve", "Ruth Abernathy", e.clicks);
      const kezia = findButton(e.slack, "Approve", "Kezia Thompson", e.clicks);
      return {
        pass: !ruth && !!kezia,
        detail: `Ruth's Approve ${ruth ? "still shows" : "is gone"}; Kezia's ${kezia ? "shows" : "is gone"}`,
      };
    }),
    modelCalls(0),
  ],
});
