// A confirmation card cancelled: nothing changes, the card says who cancelled, and the model is told so.
import { cardOutcomeToldOnce, cardPosted, replyMatches, slackShows, sql, unchanged } from "../checks.ts";
import { callTools, reply, seenText } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const cardCancel = defineScenario({
  id: "maestro-card-cancel",
  category: "gate",
  description:
    "The operator asks to reject an intake, then clicks Cancel on the card: nothing is written, and Maestro says it was cancelled.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Lee Park", status: "TRIAGED", age: { days: 3 } }));
  },
  turns: [{ dm: "Reject Lee Park's intake (intake {intake}), not a fit." }, { click: "Cancel" }],
  model: (refs) => [
    callTools(
      [{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "REJECTED", note: "Not a fit." } }],
      "Rejecting needs your OK on the card:",
    ),
    (request) =>
      reply(
        /Cancelled by/.test(seenText(request))
          ? "OK — cancelled. Lee Park stays TRIAGED; nothing was changed."
          : "The rejection went through.",
      ),
  ],
  checks: [
    sql("select status from intake_requests where id = :intake", "TRIAGED"),
    sql("select status from pending_actions", "cancelled"),
    unchanged("intake_requests", "intake_status_history", "audit_log", "feed_events"),
    cardPosted({ buttons: ["Confirm", "Cancel"] }),
    cardOutcomeToldOnce(),
    slackShows(/Cancelled by Maya Okafor/),
    replyMatches(/cancel/i, { turn: 2 }),
  ],
});
