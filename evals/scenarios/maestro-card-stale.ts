// A stale card: the intake changed after the card was posted, so Confirm runs nothing and says why.
import { cardOutcomeToldOnce, replyMatches, slackShows, sql } from "../checks.ts";
import { STAFF_MEMBER } from "../seed-kit.ts";
import { callTools, reply, seen, seenText } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const cardStale = defineScenario({
  id: "maestro-card-stale",
  category: "gate",
  description:
    "Maya asks to reject Lee Park; before she clicks, Tom moves Lee to QUALIFIED in his own DM. Maya's Confirm then finds the " +
    "intake changed: nothing is rejected, the card says it changed meanwhile, and the model is told.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Lee Park", status: "TRIAGED", age: { days: 3 } }));
  },
  turns: [
    { dm: "Reject Lee Park (intake {intake}), not a fit." },
    { dm: "Lee Park (intake {intake}) just booked a call with me — move her to QUALIFIED.", as: STAFF_MEMBER },
    { click: "Confirm" },
  ],
  model: (refs) => [
    callTools([{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "REJECTED", note: "Not a fit." } }]),
    // Tom's conversation: an advance, which runs at once.
    callTools([{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "QUALIFIED" } }]),
    (request) => reply(`Done — ${seen(request).contact_name} is ${seen(request).to_status}.`),
    // Maya's run resumes with the outcome of her card.
    (request) =>
      reply(/Stale/.test(seenText(request)) ? "Lee Park changed meanwhile (now QUALIFIED), so nothing was rejected." : "Rejected."),
  ],
  checks: [
    sql("select status from intake_requests where id = :intake", "QUALIFIED"),
    sql("select status from pending_actions", "failed"),
    sql("select count(*)::int from audit_log where action = 'intake.status_update'", 1, "only Tom's change was written"),
    slackShows(/changed meanwhile/, { turn: 3 }),
    cardOutcomeToldOnce(),
    replyMatches(/changed|qualified/i, { turn: 3 }),
  ],
});
