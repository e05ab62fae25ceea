// The per-user rate limit (3 a minute here): the fourth request is refused with a clear message, counted in PostgreSQL.
import { custom, modelCalls, slackShows, sql } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const rateLimit = defineScenario({
  id: "maestro-rate-limit",
  category: "surface",
  description:
    "With a limit of 3 requests a minute, three `/maestro queue` commands are answered; the fourth request (a DM) and a fifth " +
    "(a command) are refused with the reason, and the model is never called.",
  setup: { rateLimitPerMinute: 3 },
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [{ command: "queue" }, { command: "queue" }, { command: "queue" }, { dm: "What's in my intake queue?" }, { command: "queue" }],
  model: [],
  checks: [
    modelCalls(0),
    custom("the first three commands were answered with the queue", "slack", (e) => {
      const answered = e.slack.filter((r) => r.method === "respond" && JSON.stringify(r.args).includes("Dana Reyes")).length;
      return { pass: answered === 3, detail: `${answered} answered` };
    }),
    slackShows(/faster than I can take them \(over 3 a minute\)/, { turn: 4 }),
    slackShows(/faster than I can take them/, { turn: 5 }),
    sql("select count from rate_limit_counters where key = 'user:U0MAYA'", 5),
  ],
});
