// D2 · maestro-weekly-activity-brief (seed 001 §6): "What happened this week?" over 10 feed events of the last 7 days.
import { replyMentions, replyNotMatches, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const weeklyActivityBrief = defineScenario({
  id: "maestro-weekly-activity-brief",
  category: "marketing",
  description:
    "The operator asks what happened this week; Maestro groups the week's 10 events by type with counts, leaving out older events " +
    "and synthetic EVAL ones.",
  async seed(kit) {
    await kit.people();
    const week = [
      ...Array.from({ length: 4 }, (_, i) => ({ type: "IntakeSubmitted", age: { days: i + 1 } })),
      ...Array.from({ length: 3 }, (_, i) => ({ type: "BookingConfirmed", age: { days: i + 2 } })),
      { type: "RoleRequested", age: { days: 3 } },
      { type: "RoleRequested", age: { days: 5 } },
      { type: "RoleApproved", age: { hours: 20 } },
    ];
    await kit.events(week);
    await kit.events([
      { type: "IntakeSubmitted", age: { days: 10 } },
      { type: "BookingCancelled", age: { days: 12 } },
    ]);
    await kit.events([{ type: "TriageTicket", age: { days: 1 }, metadata: { source: "EVAL" } }]);
  },
  turns: [{ dm: "What happened this week?" }],
  model: [
    callTools([{ name: "get_recent_activity", input: { days: 7 } }]),
    (request) => {
      const a = seen(request);
      const parts = a.event_types.map((t: { event_type: string; count: number }) => `${t.count} ${t.event_type}`);
      return reply(`${a.total} events this week: ${parts.join(", ")}.`);
    },
  ],
  checks: [
    toolCalled("get_recent_activity"),
    unchanged("feed_events"),
    replyMentions(10, "event"),
    replyMentions(4, "intake"),
    replyMentions(3, "booking"),
    replyNotMatches(/BookingCancelled|TriageTicket/),
  ],
});
