// The prompt suite's scripted 6-turn conversation through the real Agent: the requests it records are what
// the cache-share calculation reads.
import type { Database } from "../../src/db/connect.ts";
import { Agent } from "../../src/agent/agent.ts";
import type { ModelRequest } from "../../src/agent/model-client.ts";
import type { Config } from "../../src/config.ts";
import { systemClock } from "../../src/domain/clock.ts";
import { silentLogger } from "../../src/logger.ts";
import { createCatalogueRegistry } from "../../src/tools/catalogue.ts";
import { callTools, reply, ScriptedModel, type ScriptStep } from "../../src/testing/scripted-model.ts";
import { staffUser } from "../metering.ts";
import { loadToolFixtures } from "./tool-cases.ts";

export interface RecordedConversation {
  requests: ModelRequest[];
  /** The user turn (1-based) each request belongs to. */
  turnOf: number[];
}

/** What an operator asks on a morning, and the tool calls a model would make for it. */
function turns(intakeId: number): { text: string; steps: ScriptStep[] }[] {
  return [
    { text: "What's in the intake queue?", steps: [callTools([{ name: "get_intake_queue", input: {} }]), reply("Queue summary…")] },
    { text: "Any pending role requests?", steps: [callTools([{ name: "list_role_requests", input: {} }]), reply("Pending requests…")] },
    {
      text: "Did the workflows run cleanly today?",
      steps: [
        callTools([
          { name: "list_workflow_executions", input: { since_hours: 24 } },
          { name: "list_workflow_rules", input: {} },
        ]),
        reply("Workflow health…"),
      ],
    },
    {
      text: "Tell me more about the oldest one in the queue.",
      steps: [callTools([{ name: "get_intake_detail", input: { intake_id: intakeId } }]), reply("Intake detail…")],
    },
    {
      text: "How is the funnel this month?",
      steps: [callTools([{ name: "get_funnel_stats", input: { days: 30 } }]), reply("Funnel summary…")],
    },
    { text: "Thanks, that's all for now.", steps: [reply("You're welcome.")] },
  ];
}

export async function recordConversation(db: Database, config: Config): Promise<RecordedConversation> {
  const model = new ScriptedModel();
  const agent = new Agent({
    db: db.knex,
    engine: db.engine,
    config,
    clock: systemClock,
    logger: silentLogger,
    registry: createCatalogueRegistry(),
    model,
    sleep: async () => {},
  });
  const user = await staffUser(db.knex);
  const { intakeId } = await loadToolFixtures(db.knex);
  const conversation = { teamId: "TBENCH", channelId: "DBENCH", threadTs: `prompt.${Date.now()}` };
  const turnOf: number[] = [];
  for (const [index, turn] of turns(intakeId).entries()) {
    model.push(...turn.steps);
    const outcome = await agent.runTurn({ conversation, user, text: turn.text, trigger: "bench" });
    if (outcome.kind !== "reply") throw new Error(`turn ${index + 1} ended as ${outcome.kind}, not a reply`);
    while (turnOf.length < model.requests.length) turnOf.push(index + 1);
  }
  return { requests: model.requests, turnOf };
}
