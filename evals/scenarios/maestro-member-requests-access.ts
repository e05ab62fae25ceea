// A member who is not staff asks for access from Slack, and the operator approves it from the posted digest.
import { modelCalls, slackShows, sql } from "../checks.ts";
import { MEMBER } from "../seed-kit.ts";
import { defineScenario } from "../scenario.ts";

export const memberRequestsAccess = defineScenario({
  id: "maestro-member-requests-access",
  category: "roles",
  description:
    "Ruth (a member) DMs Maestro and is refused with a Request access button; she asks for STAFF in the modal and is told it is " +
    "in. Maya posts the digest, which lists Ruth's request, and approves it there: Ruth holds STAFF, decided by Maya, and her DM " +
    "is queued to tell her. No model call anywhere.",
  async seed(kit) {
    await kit.people();
  },
  turns: [
    { dm: "Can you show me the intake queue?", as: MEMBER },
    { click: "Request access", as: MEMBER },
    { fillModal: "I run the Thursday glaze night now.", as: MEMBER },
    { command: "digest post" },
    { click: "Approve", row: "Ruth Abernathy" },
  ],
  model: [],
  checks: [
    modelCalls(0),
    slackShows(/only for studio staff.*Request access/s, { turn: 1 }),
    slackShows(/Your request for the STAFF role is in/, { turn: 3 }),
    slackShows(/Ruth Abernathy/, { turn: 4 }),
    sql(
      "select rr.status from role_requests rr join users u on u.id = rr.user_id where u.slack_user_id = 'U0RUTH' and rr.reason like '%glaze night%'",
      "APPROVED",
    ),
    sql("select d.slack_user_id from role_requests rr join users d on d.id = rr.decided_by where rr.reason like '%glaze night%'", "U0MAYA"),
    sql(
      `select count(*)::int from role_assignments ra join roles r on r.id = ra.role_id join users u on u.id = ra.user_id
       where u.slack_user_id = 'U0RUTH' and r.name = 'STAFF' and ra.revoked_at is null`,
      1,
    ),
    sql("select count(*)::int from slack_outbox where channel = 'U0RUTH' and text like '%STAFF role%approved by Maya Okafor%'", 1),
  ],
});
