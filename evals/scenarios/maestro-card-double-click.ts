// Two clicks on Confirm at once: the action runs once, the run resumes once, the second click is told it was already done.
import { cardOutcomeToldOnce, replyMatches, sql } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const cardDoubleClick = defineScenario({
  id: "maestro-card-double-click",
  category: "gate",
  description: "A rejection card gets two Confirm clicks at the same moment: one status change, one audit row, one resumed reply.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Lee Park", status: "TRIAGED", age: { days: 3 } }));
  },
  turns: [{ dm: "Reject intake {intake}, not a fit." }, { click: "Confirm", times: 2 }],
  model: (refs) => [
    callTools([{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "REJECTED", note: "Not a fit." } }]),
    (request) => reply(`Done — ${seen(request).contact_name} is rejected.`),
  ],
  checks: [
    sql("select status from intake_requests where id = :intake", "REJECTED"),
    sql("select count(*)::int from audit_log where action = 'intake.status_update'", 1),
    sql("select count(*)::int from intake_status_history where to_status = 'REJECTED'", 1),
    sql("select status from pending_actions", "executed"),
    cardOutcomeToldOnce(),
    replyMatches(/reject/i, { turn: 2 }),
  ],
});
