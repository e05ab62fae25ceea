// A 👎 on an answer with a reason: stored once with the run (model, tools used), and read back by an admin.
import { slackShows, sql } from "../checks.ts";
import { callTools, reply } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const feedbackThumbsDown = defineScenario({
  id: "maestro-feedback-thumbs-down",
  category: "surface",
  description:
    "The operator asks about the queue, clicks 👎 under the answer and says why; clicking 👎 again changes nothing; " +
    "`/maestro feedback` shows the vote with its reason, the model and the tools the answer used.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Lee Park", status: "TRIAGED", age: { days: 2 } });
  },
  turns: [
    { dm: "What's in my intake queue?" },
    { click: "👎" },
    { fillModal: "It said nothing about who owns Lee's intake." },
    { click: "👎" },
    { command: "feedback" },
  ],
  model: [callTools([{ name: "get_intake_queue", input: {} }]), reply("One open intake: Lee Park (TRIAGED, 2 days).")],
  checks: [
    sql("select count(*)::int from answer_feedback", 1),
    sql("select value from answer_feedback", "down"),
    sql("select reason from answer_feedback", "It said nothing about who owns Lee's intake."),
    sql("select tools_used->>0 from answer_feedback", "get_intake_queue"),
    sql("select count(*)::int from answer_feedback f join agent_runs r on r.id = f.run_id where f.model = r.model", 1),
    slackShows(/👍 0 · 👎 1/, { turn: 5 }),
    slackShows(/“It said nothing about who owns Lee's intake\.”/, { turn: 5 }),
  ],
});
