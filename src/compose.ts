// The one wiring: settings and the wire boundary in, every service of a Maestro process out, built in dependency
// order (tools → agent → Slack app → digest → surface → listeners → jobs). main, the test harnesses, the evals, the
// console and the bench all build Maestro here; only what crosses a wire differs (database, transport, model, clock).
import type { App } from "@slack/bolt";
import { Agent } from "./agent/agent.ts";
import { createOpsAlerts, type OpsAlerts } from "./alerts/ops-alerts.ts";
import type { AgentDeps } from "./agent/agent-types.ts";
import { createAnthropicModel } from "./agent/anthropic-model.ts";
import { createStudioApi, type StudioApi } from "./api/server.ts";
import type { ModelClient } from "./agent/model-client.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/connect.ts";
import { createDigest, type Digest } from "./digest/digest-service.ts";
import { webClientPoster, type DigestPoster } from "./digest/post-digest.ts";
import type { Clock } from "./domain/clock.ts";
import type { Logger } from "./logger.ts";
import { createEmailDelivery, type EmailDelivery } from "./mail/email-delivery.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import { maestroJobs } from "./scheduler/job-list.ts";
import { createScheduler, type Scheduler } from "./scheduler/jobs.ts";
import { createSlackApp, registerListeners, type SlackAppOptions, type Transport } from "./slack/app.ts";
import { deliveryClient } from "./slack/delivery-client.ts";
import { SlackProfiles } from "./slack/profiles/slack-profiles.ts";
import type { Surface } from "./slack/surface.ts";
import { createCatalogueRegistry } from "./tools/catalogue.ts";
import type { ToolRegistry } from "./tools/registry.ts";

/** What differs between production, the console, the bench and a test: everything that crosses a wire, and time. */
export interface WireBoundary {
  /** An open database: DATABASE_URL or the embedded one in production, a per-file database in tests. */
  database: Database;
  logger: Logger;
  clock: Clock;
  /** The Anthropic model, a scripted or instant one, or null (no ANTHROPIC_API_KEY: free text gets a notice). */
  model: ModelClient | null;
  /** How Slack reaches Maestro and Maestro reaches Slack: HTTP, Socket Mode, or the fake transport. */
  slack: SlackAppOptions & { transport: Transport };
  /** Names this process in digest claims (host, pid and a random part). */
  instanceId: string;
  /** Told of every piece of work started after an ack, beside Maestro's own count (the fake transport settles on it). */
  onBackground?(work: Promise<unknown>): void;
  /** The tools; evals wrap the catalogue to record calls, a test may break one. Default: the catalogue. */
  tools?: ToolRegistry;
  /** Where the digest posts; digest tests record posts. Default: chat.postMessage through the app's client. */
  post?: DigestPoster;
  /** Agent limits and its wait between model retries (tests: instant). Default: DEFAULT_LIMITS and a real wait. */
  agent?: Pick<AgentDeps, "limits" | "sleep">;
}

/** Work started after an ack (a turn, a card update) that shutdown waits for. */
export interface BackgroundWork {
  track(work: Promise<unknown>): void;
  readonly running: number;
  /** Resolves when everything tracked has finished, or after `ms`, whichever is first. */
  drain(ms: number): Promise<void>;
}

export interface Composed {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  registry: ToolRegistry;
  agent: Agent;
  app: App;
  digest: Digest;
  surface: Surface;
  /** SMTP_URL set: the transport and the email outbox's drain (a scheduled job); unset: undefined. */
  email?: EmailDelivery;
  /** OPS_CHANNEL set: the ops-channel alerts' drain (a scheduled job); unset: undefined. */
  alerts?: OpsAlerts;
  /** Built, not started: `maestro start` starts it; tests and the console run jobs by hand. */
  scheduler: Scheduler;
  background: BackgroundWork;
  /** The Prometheus series when METRICS_PORT is set (main serves them); `logger` and the model already feed them. */
  metrics?: Metrics;
  /** The studio API, served under /api on the app's HTTP port (HTTP and Socket Mode). */
  api: StudioApi;
}

/** The Anthropic model when ANTHROPIC_API_KEY is set, else null. */
export function anthropicModel(config: Config): ModelClient | null {
  if (!config.anthropic.apiKey) return null;
  const { apiKey, baseUrl: baseURL } = config.anthropic;
  return createAnthropicModel({ apiKey, baseURL, idleTimeoutMs: config.deadlines.modelIdleMs, timeoutMs: config.deadlines.modelStepMs });
}

/** The digest alone (`maestro digest` has no Slack app): the same dependencies compose gives it. */
export function composeDigest(
  config: Config,
  parts: Pick<WireBoundary, "database" | "logger" | "clock" | "model" | "instanceId"> & { registry: ToolRegistry; post: DigestPoster },
): Digest {
  const { database, logger, clock, model, instanceId, registry, post } = parts;
  return createDigest({ db: database.knex, engine: database.engine, config, clock, logger, registry, model, instanceId, post });
}

function backgroundWork(observer: WireBoundary["onBackground"]): BackgroundWork {
  const inflight = new Set<Promise<unknown>>();
  return {
    track(work) {
      const tracked = work.catch(() => undefined);
      inflight.add(tracked);
      void tracked.finally(() => inflight.delete(tracked));
      observer?.(work);
    },
    get running() {
      return inflight.size;
    },
    async drain(ms) {
      const deadline = new Promise((resolve) => setTimeout(resolve, ms).unref());
      await Promise.race([Promise.allSettled([...inflight]), deadline]);
    },
  };
}

export function compose(config: Config, parts: WireBoundary): Composed {
  const { database: db, clock } = parts;
  // Metrics (METRICS_PORT) count what every service logs and every model call: wired before any service gets either.
  const metrics = config.metrics.port === undefined ? undefined : createMetrics({ db: db.knex, logger: parts.logger });
  const logger = metrics?.logger ?? parts.logger;
  const model = metrics && parts.model ? metrics.meter(parts.model) : parts.model;
  const registry = parts.tools ?? createCatalogueRegistry();
  const agent = new Agent({ db: db.knex, engine: db.engine, config, clock, logger, registry, model, ...parts.agent });
  const { transport, ...slackOptions } = parts.slack;
  const api = createStudioApi({ db: db.knex, clock, logger, settings: config.api });
  const app = createSlackApp({ requestTimeoutMs: config.deadlines.slackRequestMs, ...slackOptions }, transport, logger, api.customRoutes);
  const digest = composeDigest(config, { ...parts, logger, model, registry, post: parts.post ?? webClientPoster(app.client) });
  const background = backgroundWork(parts.onBackground);
  const profiles = new SlackProfiles({ clock, logger, ttlMs: config.slack.profileTtlMs });
  const surface: Surface = {
    db: db.knex,
    engine: db.engine,
    config,
    clock,
    logger,
    agent,
    registry,
    digest,
    profiles,
    track: background.track,
  };
  registerListeners(app, surface, transport);
  const email = createEmailDelivery(config, { db: db.knex, clock, logger, instanceId: parts.instanceId });
  // Posts nobody waits on (alerts, rules' messages) hand a rate limit back to their drain instead of sleeping in the client.
  const poster = deliveryClient({ requestTimeoutMs: config.deadlines.slackRequestMs, ...slackOptions }, transport);
  const alerts = createOpsAlerts(
    { ...config.alerts, timeZone: config.timeZone },
    { db: db.knex, clock, logger, client: poster, instanceId: parts.instanceId },
  );
  const scheduler = createScheduler(maestroJobs(surface, { app: app.client, poster, instanceId: parts.instanceId, email, alerts }), logger);
  return { config, db, clock, logger, registry, agent, app, digest, surface, email, alerts, scheduler, background, metrics, api };
}
