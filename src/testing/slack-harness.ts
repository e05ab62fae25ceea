// Maestro as compose.ts wires it for production, over a test database: the fake Slack transport, a scripted (or no)
// model, a chosen clock, instant model retries. Every other harness (agent, digest) is a view of this one.
import type { AgentLimits } from "../agent/agent-types.ts";
import type { ModelClient } from "../agent/model-client.ts";
import { compose, type Composed } from "../compose.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { DigestPoster } from "../digest/post-digest.ts";
import { systemClock, type Clock } from "../domain/clock.ts";
import { silentLogger, type Logger } from "../logger.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { FakeSlack } from "./fake-slack.ts";

export interface SlackHarness extends Composed {
  fake: FakeSlack;
}

export interface SlackHarnessOptions {
  model?: ModelClient | null;
  clock?: Clock;
  config?: Config;
  /** Overrides the config's MAESTRO_RATE_LIMIT_PER_MINUTE (most tests lift it out of their way). */
  rateLimitPerMinute?: number;
  limits?: Partial<AgentLimits>;
  /** The tools every surface uses (evals record calls through it, or break one tool on purpose). */
  registry?: ToolRegistry;
  logger?: Logger;
  /** Where the digest posts (default: the fake Slack, through the app's client). */
  post?: DigestPoster;
  instanceId?: string;
}

export const testConfig = (env: Record<string, string> = {}): Config =>
  loadConfig({ ANTHROPIC_API_KEY: "test-key", SLACK_BOT_TOKEN: "xoxb-test", MAESTRO_TIMEZONE: "Europe/London", ...env });

export function createSlackHarness(db: Database, options: SlackHarnessOptions = {}): SlackHarness {
  const base = options.config ?? testConfig();
  const config =
    options.rateLimitPerMinute === undefined ? base : { ...base, slack: { ...base.slack, rateLimitPerMinute: options.rateLimitPerMinute } };
  const fake = new FakeSlack();
  const maestro = compose(config, {
    database: db,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    model: options.model ?? null,
    instanceId: options.instanceId ?? "test-process",
    slack: { botToken: "xoxb-test", apiUrl: "https://slack.test/api/", transport: { kind: "custom", receiver: fake, fetch: fake.fetch } },
    onBackground: (work) => fake.trackBackground(work),
    tools: options.registry,
    post: options.post,
    agent: { limits: options.limits, sleep: async () => {} },
  });
  return { ...maestro, fake };
}
