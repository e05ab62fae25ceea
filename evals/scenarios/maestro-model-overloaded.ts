// The model answers 529 (overloaded) once: the agent retries and the person gets the answer, with no error shown.
import { modelCalls, replyMentions, slackNeverShows, slackShows, sql } from "../checks.ts";
import { callTools, overloaded, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const modelOverloaded = defineScenario({
  id: "maestro-model-overloaded",
  category: "resilience",
  description: "The first model call fails with a 529; the retry succeeds and the operator sees only the answer.",
  scriptedOnly: "the 529 is injected by the script",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [{ dm: "What's in my intake queue?" }],
  model: [
    { throws: overloaded() },
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => reply(`${seen(request).total} open intake: Dana Reyes.`),
  ],
  checks: [
    sql("select status from agent_runs", "completed"),
    slackShows(/1 open intake: Dana Reyes/),
    slackNeverShows(/overloaded|try again|went wrong/i),
    modelCalls(3),
    replyMentions(1, "(?:open|intake)"),
  ],
});
