// A card nobody decides: after 24 h the sweep expires it, updates the card, and the waiting run resumes knowing it expired.
import { cardOutcomeToldOnce, cardPosted, custom, replyMatches, slackShows, sql, unchanged } from "../checks.ts";
import { findButton } from "../harness/drive-turn.ts";
import { callTools, reply, seenText } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const cardExpired = defineScenario({
  id: "maestro-card-expired",
  category: "gate",
  description:
    "The operator asks to close an intake early; nobody clicks for 25 hours; the expiry sweep marks the card expired (its buttons " +
    "go), nothing changes, and Maestro reports in the thread that it expired.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Omar Haddad", status: "QUALIFIED", age: { days: 12 } }));
  },
  turns: [
    { dm: "Close Omar Haddad's intake (intake {intake}), he went quiet." },
    { advanceClock: { hours: 25 } },
    { sweepExpiredCards: true },
  ],
  model: (refs) => [
    callTools(
      [{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "CLOSED", note: "No reply in two weeks." } }],
      "Closing before a booking needs your click:",
    ),
    (request) =>
      reply(
        /Expired before anyone decided/.test(seenText(request))
          ? "The request to close Omar Haddad's intake expired unconfirmed; nothing changed. Ask again if you still want it."
          : "Closed.",
      ),
  ],
  checks: [
    sql("select status from intake_requests where id = :intake", "QUALIFIED"),
    sql("select status from pending_actions", "expired"),
    unchanged("intake_requests", "intake_status_history", "audit_log", "feed_events"),
    cardPosted({ buttons: ["Confirm", "Cancel"] }),
    cardOutcomeToldOnce(),
    slackShows(/Expired/, { turn: 3 }),
    custom("the card no longer shows Confirm", "slack", (e) => ({
      pass: !findButton(e.slack, "Confirm", undefined, e.clicks),
      detail: "Confirm still shows",
    })),
    replyMatches(/expired/i, { turn: 3 }),
  ],
});
