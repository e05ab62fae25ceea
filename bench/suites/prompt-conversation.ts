// The prompt suite's scripted 6-turn conversation through the real Agent: the requests it records are what
// the cache-share calculation reads.
import type { Database } from "../../src/db/connect.ts";
import type { ModelRequest, ModelResponse } from "../../src/agent/model-client.ts";
import type { Config } from "../../src/config.ts";
import { createTestAgent } from "../../src/testing/agent-harness.ts";
import { callTools, reply, ScriptedModel } from "../../src/testing/scripted-model.ts";
import { answerOne } from "../../src/testing/recording-responder.ts";
import { staffUser } from "../metering.ts";
import { outputTokensOf } from "../turn-cost.ts";
import { loadToolFixtures } from "./tool-cases.ts";

export interface RecordedConversation {
  requests: ModelRequest[];
  /** The user turn (1-based) each request belongs to. */
  turnOf: number[];
  /** Estimated output tokens of the response each request got (its text and tool calls). */
  outputTokens: number[];
}

// Replies of the length a model writes in Slack (a few short paragraphs or a list): their tokens are the output the
// cost per turn is priced on, and they are part of every later request's history.
const QUEUE_REPLY =
  "There are *7 intakes* in the queue. The oldest is *Maya Chen* (wheel throwing, waiting 4 days, unassigned); " +
  "two are marked urgent: *Leo Park* (private lessons, 2 days) and *Ana Ruiz* (kiln rental, 1 day). The rest are new " +
  "this week, three of them unassigned. Want me to assign the unassigned ones, or open Maya's intake first?";
const ROLES_REPLY =
  'Two role requests are pending: *Jon Bell* asked for STAFF yesterday ("I teach the Thursday glazing class"), and ' +
  "*Priya Nair* asked for ADMIN 3 days ago with no reason given. Approving either needs a click on a card; I can prepare " +
  "the approval for Jon if you like. Priya's request is older than the usual 2-day turnaround.";
const WORKFLOWS_REPLY =
  "Mostly clean. In the last 24 hours the 6 enabled rules ran 14 times: 13 succeeded and 1 failed — *Welcome email on " +
  "booking* could not send to a contact without an email address (Ana Ruiz). The 2 disabled rules did not run. Nothing " +
  "is stuck in the outbox.";
const INTAKE_REPLY =
  '*Maya Chen* — wheel throwing, beginner. Submitted 4 days ago through the website, no owner yet. Goals: "learn to ' +
  'centre and throw a cylinder, evenings only". Budget: standard package. No notes or status changes since it came ' +
  "in, and no booking. The Tuesday evening beginner class has 2 open slots; shall I assign her to someone to follow up?";
const FUNNEL_REPLY =
  "This month: *42 new intakes*, 28 contacted (67 %), 15 booked (36 % of new), 6 lost. Contact-to-booking is up from 48 % " +
  "to 54 % on last month; most losses were schedule clashes. The median time from intake to first contact is 1.6 days, " +
  "above the 1-day goal — the unassigned intakes are the main cause.";

/** What an operator asks on a morning, and the tool calls a model would make for it. */
function turns(intakeId: number): { text: string; steps: ModelResponse[] }[] {
  return [
    { text: "What's in the intake queue?", steps: [callTools([{ name: "get_intake_queue", input: {} }]), reply(QUEUE_REPLY)] },
    { text: "Any pending role requests?", steps: [callTools([{ name: "list_role_requests", input: {} }]), reply(ROLES_REPLY)] },
    {
      text: "Did the workflows run cleanly today?",
      steps: [
        callTools([
          { name: "list_workflow_executions", input: { since_hours: 24 } },
          { name: "list_workflow_rules", input: {} },
        ]),
        reply(WORKFLOWS_REPLY),
      ],
    },
    {
      text: "Tell me more about the oldest one in the queue.",
      steps: [callTools([{ name: "get_intake_detail", input: { intake_id: intakeId } }]), reply(INTAKE_REPLY)],
    },
    {
      text: "How is the funnel this month?",
      steps: [callTools([{ name: "get_funnel_stats", input: { days: 30 } }]), reply(FUNNEL_REPLY)],
    },
    { text: "Thanks, that's all for now.", steps: [reply("You're welcome.")] },
  ];
}

export async function recordConversation(db: Database, config: Config): Promise<RecordedConversation> {
  const model = new ScriptedModel();
  const agent = createTestAgent(db, model, { config });
  const user = await staffUser(db.knex);
  const { intakeId } = await loadToolFixtures(db.knex);
  const conversation = { teamId: "TBENCH", channelId: "DBENCH", threadTs: `prompt.${Date.now()}` };
  const turnOf: number[] = [];
  const outputTokens: number[] = [];
  for (const [index, turn] of turns(intakeId).entries()) {
    model.push(...turn.steps);
    for (const step of turn.steps) outputTokens.push(outputTokensOf(step.content));
    const outcome = await answerOne(agent, { conversation, user, text: turn.text, trigger: "bench" });
    if (outcome.kind !== "reply") throw new Error(`turn ${index + 1} ended as ${outcome.kind}, not a reply`);
    while (turnOf.length < model.requests.length) turnOf.push(index + 1);
  }
  return { requests: model.requests, turnOf, outputTokens };
}
