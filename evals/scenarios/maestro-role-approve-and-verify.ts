// B2 · maestro-role-approve-and-verify (seed 001 §6): list, "Approve it", the card, Confirm — and nothing before the click.
import { cardOutcomeToldOnce, cardPosted, replyMatches, slackShows, sql, toolCalled, unchangedBeforeClick } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, resultOf, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const roleApproveAndVerify = defineScenario({
  id: "maestro-role-approve-and-verify",
  category: "roles",
  description:
    "The operator lists the one pending request and says approve it: Maestro holds the call on a confirmation card, nothing changes " +
    "until Maya clicks Confirm, then the role is granted once with a RoleApproved event.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "STAFF", reason: "I run the Thursday glaze night now." }));
  },
  turns: [{ dm: "Any pending role requests?" }, { dm: "Approve it." }, { click: "Confirm" }],
  model: [
    callTools([{ name: "list_role_requests", input: {} }]),
    (request) => {
      const r = seen(request).requests[0];
      return reply(`1 pending request: ${r.user.name} asks for ${r.requested_role} (request ${r.id}).`);
    },
    (request) =>
      callTools(
        [{ name: "approve_role_request", input: { request_id: resultOf(request, "list_role_requests").requests[0].id } }],
        "Approving grants privileges, so it waits for your click on the card below.",
      ),
    (request) => {
      const done = seen(request);
      return reply(`Approved — ${done.user.name} now holds ${done.current_roles.join(" and ")}.`);
    },
  ],
  checks: [
    unchangedBeforeClick("role_requests", "role_assignments", "feed_events", "audit_log"),
    sql("select status from role_requests where id = :request", "APPROVED"),
    sql("select decided_by from role_requests where id = :request", ref("maya")),
    sql(
      "select count(*)::int from role_assignments ra join roles r on r.id = ra.role_id where ra.user_id = :ruth and r.name = 'STAFF' and ra.revoked_at is null",
      1,
      "Ruth holds the STAFF role once",
    ),
    sql("select count(*)::int from feed_events where event_type = 'RoleApproved'", 1),
    cardPosted({ buttons: ["Confirm", "Cancel"], mentions: /Approve role request #\d+: grant/ }),
    cardOutcomeToldOnce(),
    slackShows(/Confirmed by Maya Okafor/),
    toolCalled("approve_role_request", { request_id: ref("request") }),
    replyMatches(/approved|now (has|holds)/i, { turn: 3 }),
  ],
});
