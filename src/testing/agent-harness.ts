// The real Agent as compose.ts wires it, over a test database with a given model, clock and limits (instant retries).
import type { Agent } from "../agent/agent.ts";
import type { AgentLimits, AgentUser } from "../agent/agent-types.ts";
import type { ModelClient } from "../agent/model-client.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { Clock } from "../domain/clock.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type { TestUser } from "./fixtures/people.ts";
import { createSlackHarness } from "./slack-harness.ts";

export function createTestAgent(
  db: Database,
  model: ModelClient | null,
  options: { clock?: Clock; config?: Config; limits?: Partial<AgentLimits>; registry?: ToolRegistry } = {},
): Agent {
  const config = options.config ?? loadConfig({ ANTHROPIC_API_KEY: "test-key", MAESTRO_TIMEZONE: "Europe/London" });
  return createSlackHarness(db, { ...options, model, config }).agent;
}

export const agentUser = (user: TestUser, roles: string[] = ["STAFF"]): AgentUser => ({
  id: user.id,
  name: user.name,
  roles,
  slackUserId: user.slack_user_id,
});

let thread = 0;
/** A fresh conversation key (a new DM thread) per call. */
export const newThread = () => ({ teamId: "T0TEST", channelId: "D0TEST", threadTs: `1700000000.${String(++thread).padStart(6, "0")}` });
