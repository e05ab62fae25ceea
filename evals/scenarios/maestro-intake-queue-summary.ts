// A1 · maestro-intake-queue-summary (seed 001 §6): "What's in my intake queue?" over 3 NEW intakes and 1 QUALIFIED.
import { replyMentions, slackShows, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const intakeQueueSummary = defineScenario({
  id: "maestro-intake-queue-summary",
  category: "queue",
  description: "The operator asks what is in the intake queue; Maestro reads it and says 3 new and 1 qualified, changing nothing.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 3 } });
    await kit.intake({ name: "Sam Ito", age: { days: 1 } });
    await kit.intake({ name: "Priya Shah", age: { hours: 4 } });
    await kit.intake({ name: "Lee Park", status: "QUALIFIED", age: { days: 6 } });
  },
  turns: [{ dm: "What's in my intake queue?" }],
  model: [
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => {
      const queue = seen(request);
      const oldest = queue.intakes.filter((i: { status: string }) => i.status === "NEW").at(-1);
      return reply(
        `${queue.total} open intakes: *${queue.counts_by_status.NEW} new* and ${queue.counts_by_status.QUALIFIED} qualified.\n` +
          `• Oldest new: ${oldest.contact_name} (intake ${oldest.id}), ${oldest.age_days} days waiting`,
      );
    },
  ],
  checks: [
    toolCalled("get_intake_queue"),
    slackShows(/4 open intakes/),
    unchanged("intake_requests", "intake_status_history", "audit_log", "feed_events"),
    replyMentions(3, "new"),
    replyMentions(1, "qualified"),
  ],
});
