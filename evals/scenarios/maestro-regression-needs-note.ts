// Moving an intake back from BOOKED needs a reason: without one no card is posted and Maestro asks; with one, card and Confirm.
import { noCardPosted, replyMatches, sql, toolCalled } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, seen, seenText } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const regressionNeedsNote = defineScenario({
  id: "maestro-regression-needs-note",
  category: "gate",
  description:
    "The operator asks to move a BOOKED intake back to QUALIFIED without a reason: the tool refuses at once (no card to click for a " +
    "call that cannot run) and Maestro asks why; given the reason, the regression waits on a card and runs after Confirm with the note.",
  async seed(kit) {
    await kit.people();
    const id = kit.ref("intake", await kit.intake({ name: "Ines Carvalho", status: "BOOKED", age: { days: 10 } }));
    await kit.history(id, ["NEW", "QUALIFIED", "BOOKED"], { days: 9 });
  },
  turns: [
    { dm: "Move Ines Carvalho (intake {intake}) back to QUALIFIED." },
    { dm: "She cancelled her session and wants to rebook in the spring." },
    { click: "Confirm" },
  ],
  model: (refs) => [
    callTools([{ name: "update_intake_status", input: { intake_id: refs.intake, new_status: "QUALIFIED" } }]),
    (request) =>
      reply(
        /needs a note/.test(seenText(request))
          ? "Moving her back from BOOKED needs a reason. Why is she moving back?"
          : "Waiting for your click on the card.",
      ),
    callTools(
      [
        {
          name: "update_intake_status",
          input: { intake_id: refs.intake, new_status: "QUALIFIED", note: "Cancelled her session; wants to rebook in the spring." },
        },
      ],
      "Moving back needs your OK:",
    ),
    (request) => reply(`Done — ${seen(request).contact_name} is back to ${seen(request).to_status}, with your note.`),
  ],
  checks: [
    noCardPosted({ turn: 1 }),
    sql("select count(*)::int from pending_actions", 1, "only the call with a note became a card"),
    sql("select status from intake_requests where id = :intake", "QUALIFIED"),
    sql(
      "select note from intake_status_history where intake_id = :intake and from_status = 'BOOKED' and to_status = 'QUALIFIED'",
      /rebook in the spring/,
    ),
    toolCalled("update_intake_status", { intake_id: ref("intake"), new_status: "QUALIFIED", note: /spring/ }),
    replyMatches(/\b(reason|why)\b/i, { turn: 1 }),
  ],
});
