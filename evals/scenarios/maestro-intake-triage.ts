// A2 · maestro-intake-triage (seed 001 §6): list the queue, then "Mark the first one as QUALIFIED" — an advance, so it runs at once.
import { noCardPosted, replyMatches, sql, toolCalled, toolsInOrder } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, resultOf, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const intakeTriage = defineScenario({
  id: "maestro-intake-triage",
  category: "queue",
  description:
    "The operator lists the queue, then marks the first intake QUALIFIED: the advance runs at once (no card), with history and audit.",
  async seed(kit) {
    await kit.people();
    kit.ref(
      "intake",
      await kit.intake({ name: "Dana Reyes", age: { days: 2 }, goals: "Weekly wheel lessons for a team of six; budget approved." }),
    );
  },
  turns: [{ dm: "What's in my intake queue?" }, { dm: "Mark the first one as QUALIFIED" }],
  model: [
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => {
      const first = seen(request).intakes[0];
      return reply(`1 open intake: *${first.contact_name}* (intake ${first.id}), ${first.status}, ${first.age_days} days old.`);
    },
    // "the first one" is resolved from the list the model saw in the previous turn.
    (request) =>
      callTools([
        {
          name: "update_intake_status",
          input: { intake_id: resultOf(request, "get_intake_queue").intakes[0].id, new_status: "QUALIFIED" },
        },
      ]),
    (request) => {
      const done = seen(request);
      return reply(`Done — ${done.contact_name} (intake ${done.intake_id}) moved from ${done.from_status} to ${done.to_status}.`);
    },
  ],
  checks: [
    sql("select status from intake_requests where id = :intake", "QUALIFIED"),
    sql("select count(*)::int from intake_status_history where intake_id = :intake and from_status = 'NEW' and to_status = 'QUALIFIED'", 1),
    sql("select details->>'path' from audit_log where action = 'intake.status_update' and target_id = :intake::text", "agent"),
    noCardPosted(),
    toolsInOrder("get_intake_queue", "update_intake_status"),
    toolCalled("update_intake_status", { intake_id: ref("intake"), new_status: "QUALIFIED" }),
    replyMatches(/qualified/i, { turn: 2 }),
  ],
});
