// A member clicks Confirm on a card: refused with the reason, the card stays open, nothing runs; then the operator confirms.
import { cardOutcomeToldOnce, slackShows, sql, unchangedBeforeClick } from "../checks.ts";
import { MEMBER } from "../seed-kit.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const cardClickByNonStaff = defineScenario({
  id: "maestro-card-click-by-non-staff",
  category: "gate",
  description:
    "Ruth, a member, clicks Confirm on the operator's card: she is refused, the card is not burned and nothing changes; Maya's own " +
    "click then runs it once.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Lee Park", status: "TRIAGED", age: { days: 3 } }));
  },
  turns: [{ dm: "Reject intake {intake}, not a fit." }, { click: "Confirm", as: MEMBER }, { click: "Confirm" }],
  model: (refs) => [
    callTools([{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "REJECTED", note: "Not a fit." } }]),
    (request) => reply(`Done — ${seen(request).contact_name} is rejected.`),
  ],
  checks: [
    unchangedBeforeClick("intake_requests", "intake_status_history", "audit_log"),
    slackShows(/only for studio staff/, { turn: 2 }),
    sql("select u.name from pending_actions p join users u on u.id = p.decided_by", "Maya Okafor"),
    sql("select count(*)::int from audit_log where actor_id = :ruth::text", 0),
    sql("select status from intake_requests where id = :intake", "REJECTED"),
    cardOutcomeToldOnce(),
  ],
});
