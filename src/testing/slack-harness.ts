// The real Slack app (Bolt, listeners, agent, tools) over the fake Slack transport on a test database.
import type { App } from "@slack/bolt";
import type { Agent } from "../agent/agent.ts";
import type { AgentLimits } from "../agent/agent-types.ts";
import type { ModelClient } from "../agent/model-client.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import { systemClock, type Clock } from "../domain/clock.ts";
import { silentLogger } from "../logger.ts";
import { createSlackApp } from "../slack/app.ts";
import type { Surface } from "../slack/surface.ts";
import { createCatalogueRegistry } from "../tools/catalogue.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { createTestAgent } from "./agent-harness.ts";
import { FakeSlack } from "./fake-slack.ts";

export interface SlackHarness {
  fake: FakeSlack;
  app: App;
  agent: Agent;
  surface: Surface;
}

export function createSlackHarness(
  db: Database,
  options: {
    model?: ModelClient | null;
    clock?: Clock;
    config?: Config;
    rateLimitPerMinute?: number;
    limits?: Partial<AgentLimits>;
    /** The tools every surface uses (evals record calls through it, or break one tool on purpose). */
    registry?: ToolRegistry;
  } = {},
): SlackHarness {
  const config =
    options.config ?? loadConfig({ ANTHROPIC_API_KEY: "test-key", SLACK_BOT_TOKEN: "xoxb-test", MAESTRO_TIMEZONE: "Europe/London" });
  const clock = options.clock ?? systemClock;
  const registry = options.registry ?? createCatalogueRegistry();
  const agent = createTestAgent(db, options.model ?? null, { clock, config, limits: options.limits, registry });
  const fake = new FakeSlack();
  const surface: Surface = {
    db: db.knex,
    engine: db.engine,
    config,
    clock,
    logger: silentLogger,
    agent,
    registry,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 30,
    track: (work) => fake.trackBackground(work),
  };
  const app = createSlackApp(
    surface,
    { botToken: "xoxb-test", apiUrl: "https://slack.test/api/" },
    { kind: "custom", receiver: fake, fetch: fake.fetch },
  );
  return { fake, app, agent, surface };
}
