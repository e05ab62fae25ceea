// Slack delivers the same message event four times (its retries): one turn, one model run, one reply.
import { custom, replyMentions, sql } from "../checks.ts";
import { deliveredMessages } from "../harness/evidence.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const slackRetry = defineScenario({
  id: "maestro-slack-retry",
  category: "surface",
  description:
    "The same DM event arrives four times — Slack retrying while the first delivery is still being answered: Maestro answers it once.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [{ dm: "What's in my intake queue?", deliveries: 4 }],
  model: [callTools([{ name: "get_intake_queue", input: {} }]), (request) => reply(`${seen(request).total} open intake: Dana Reyes.`)],
  checks: [
    sql("select count(*)::int from agent_runs", 1),
    custom("the reply was delivered once (posted or streamed)", "slack", (e) => {
      const posts = [...deliveredMessages(e.slack).values()].filter((text) => text.includes("open intake: Dana Reyes")).length;
      return { pass: posts === 1, detail: `delivered ${posts} times` };
    }),
    replyMentions(1, "(?:open|intake)"),
  ],
});
