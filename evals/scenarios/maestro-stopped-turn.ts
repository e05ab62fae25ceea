// A person stops an answer mid-way with `/maestro stop`: the model call is aborted, they read "Stopped." with what was
// done, and their next question is answered normally on a transcript the stop left valid.
import { custom, modelCalls, slackNeverShows, slackShows, sql } from "../checks.ts";
import { callTools, hangsUntilAborted, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const stoppedTurn = defineScenario({
  id: "maestro-stopped-turn",
  category: "resilience",
  description: "An answer is stopped with /maestro stop while the model works; the next question is answered normally.",
  scriptedOnly: "the stop must land while the scripted model call is in flight",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [{ dmThenStop: "Write me a long report on every intake we ever had" }, { dm: "What's in my intake queue?" }],
  model: [
    hangsUntilAborted(),
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => reply(`${seen(request).total} open intake: Dana Reyes.`),
  ],
  checks: [
    slackShows(/Stopped\. Nothing was done for it\./, { turn: 1 }),
    slackShows(/1 open intake: Dana Reyes/, { turn: 2 }),
    slackNeverShows(/went wrong|interrupted/i),
    sql("select error from agent_runs order by started_at limit 1", /^stopped by /),
    sql("select count(*)::int from agent_runs where status = 'completed'", 2),
    custom("the next question's history is a valid alternation ending in its question", "outcome", (e) => {
      const roles = e.exchanges.at(-1)?.request.messages.map((m) => m.role) ?? [];
      return roles.every((role, i) => i === 0 || role !== roles[i - 1]) && roles[0] === "user";
    }),
    modelCalls(3),
  ],
});
