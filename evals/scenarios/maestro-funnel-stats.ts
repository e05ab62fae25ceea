// D1 · maestro-funnel-stats (seed 001 §6): "Give me a funnel summary for this month" over 5 intakes at various statuses.
import { replyMatches, replyMentions, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const funnelStats = defineScenario({
  id: "maestro-funnel-stats",
  category: "marketing",
  description: "The operator asks for this month's funnel; Maestro reads the stats and gives one plain summary with the conversions.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Ana Silva", status: "NEW", age: { days: 2 } });
    const triaged = await kit.intake({ name: "Ben Okoro", status: "TRIAGED", age: { days: 9 } });
    await kit.history(triaged, ["NEW", "TRIAGED"], { days: 8 });
    const qualified = await kit.intake({ name: "Cleo Marsh", status: "QUALIFIED", age: { days: 12 } });
    await kit.history(qualified, ["NEW", "TRIAGED", "QUALIFIED"], { days: 11 });
    const booked = await kit.intake({ name: "Dev Patel", status: "BOOKED", age: { days: 20 } });
    await kit.history(booked, ["NEW", "QUALIFIED", "BOOKED"], { days: 18 });
    const rejected = await kit.intake({ name: "Eli Novak", status: "REJECTED", age: { days: 25 } });
    await kit.history(rejected, ["NEW", "REJECTED"], { days: 24 });
  },
  turns: [{ dm: "Give me a funnel summary for this month." }],
  model: [
    callTools([{ name: "get_funnel_stats", input: { days: 30 } }]),
    (request) => {
      const f = seen(request);
      return reply(
        `${f.total_intakes} intakes in the last 30 days: ${f.stages.reached_qualified} reached qualified (${f.rates.new_to_qualified_pct} %), ` +
          `and ${f.stages.reached_booked} booked — qualified→booked conversion ${f.rates.qualified_to_booked_pct} %. ` +
          `${f.counts_by_status.REJECTED} was rejected; ${f.counts_by_status.NEW + f.counts_by_status.TRIAGED} are still early in the funnel.`,
      );
    },
  ],
  checks: [
    toolCalled("get_funnel_stats"),
    unchanged("intake_requests", "intake_status_history"),
    replyMentions(5, "intake"),
    replyMatches(/qualified|funnel|conversion/i),
  ],
});
