// Builds the Bolt App over a receiver: HTTP (events, commands and interactivity on /slack/events, plus
// /healthz and /readyz), Socket Mode, or a test transport; and registers the global middleware and every listener.
import type { IncomingMessage, ServerResponse } from "node:http";
import { App, HTTPReceiver, SocketModeReceiver, type CustomRoute, type Receiver } from "@slack/bolt";
import type { Logger } from "../logger.ts";
import { timeAcks } from "./ack-timing.ts";
import { ackEverything } from "./ack-everything.ts";
import { boltLogger } from "./bolt-logger.ts";
import { responderFor } from "./decisions/response-url.ts";
import { registerActionListeners } from "./listeners/actions/index.ts";
import { registerCommandListeners } from "./listeners/commands/index.ts";
import { registerEventListeners } from "./listeners/events/index.ts";
import { registerViewListeners } from "./listeners/views/index.ts";
import { channelThreadsOnly } from "./middleware/channel-threads.ts";
import { gatekeeper } from "./middleware/gatekeeper.ts";
import { cleanIncomingText } from "./middleware/clean-text.ts";
import type { Surface } from "./surface.ts";
import { slackClientPolicy } from "./web-client-policy.ts";

export interface Readiness {
  /** Throws (or resolves false) when the database is unreachable or migrations are pending. */
  check(): Promise<{ ready: boolean; detail: string }>;
}

export type Transport =
  | { kind: "http"; signingSecret: string; readiness: Readiness }
  | { kind: "socket"; appToken: string; readiness: Readiness; port: number }
  | { kind: "custom"; receiver: Receiver; fetch?: typeof fetch };

export interface SlackAppOptions {
  botToken: string;
  botUserId?: string;
  botId?: string;
  apiUrl?: string;
  /** Each Web API call's deadline (MAESTRO_SLACK_TIMEOUT_MS); the client makes no retries (web-client-policy.ts). */
  requestTimeoutMs?: number;
}

function healthRoutes(readiness: Readiness) {
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  return [
    { path: "/healthz", method: ["GET"], handler: (_req: IncomingMessage, res: ServerResponse) => send(res, 200, { ok: true }) },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        readiness
          .check()
          .then((r) => send(res, r.ready ? 200 : 503, { ok: r.ready, detail: r.detail }))
          .catch(() => send(res, 503, { ok: false, detail: "readiness check failed" }));
      },
    },
  ];
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

/**
 * The Bolt App over its receiver, with no listeners yet (`extraRoutes`: served beside the probes, e.g. the studio API): its Web API client is what the digest and the scheduled jobs
 * post through, so the composition root builds it before the services the listeners use (then registerListeners).
 */
export function createSlackApp(options: SlackAppOptions, transport: Transport, log: Logger, extraRoutes: CustomRoute[] = []): App {
  const logger = boltLogger(log);
  let receiver: Receiver;
  if (transport.kind === "http") {
    receiver = new HTTPReceiver({
      signingSecret: transport.signingSecret,
      logger,
      customRoutes: [...healthRoutes(transport.readiness), ...extraRoutes],
      processBeforeResponse: false,
    });
  } else if (transport.kind === "socket") {
    // Socket Mode needs no public endpoint, but the probes still get an HTTP port (PORT).
    receiver = new SocketModeReceiver({
      appToken: transport.appToken,
      logger,
      customRoutes: [...healthRoutes(transport.readiness), ...extraRoutes],
      // apps.connections.open goes where every other Web API call goes (SLACK_API_URL: GovSlack, a proxy, a test).
      installerOptions: { port: transport.port, ...(options.apiUrl ? { clientOptions: { slackApiUrl: withSlash(options.apiUrl) } } : {}) },
    });
  } else {
    receiver = transport.receiver;
  }
  const app = new App({
    token: options.botToken,
    // With both ids Bolt never needs auth.test on start or per event.
    botUserId: options.botUserId ?? "U0MAESTROBOT",
    botId: options.botId ?? "B0MAESTRO",
    receiver,
    logger,
    ignoreSelf: true,
    clientOptions: {
      // A rate limit reaches the caller with Slack's Retry-After: delivery (delivery/delivery.ts) waits it out within a
      // bound and then reroutes, instead of the client pausing every call for as long as Slack says.
      rejectRateLimitedCalls: true,
      ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
      ...slackClientPolicy(options.requestTimeoutMs ?? 10_000),
      ...(transport.kind === "custom" && transport.fetch ? { fetch: transport.fetch } : {}),
    },
  });
  timeAcks(app, log);
  ackEverything(app, log);
  return app;
}

/** Registers the global middleware and every listener on the app. */
export function registerListeners(app: App, surface: Surface, transport: Transport): void {
  // One fetch for every call to Slack: the WebClient's, Bolt's respond() and a modal's carried response_url.
  const fetchFn = transport.kind === "custom" && transport.fetch ? transport.fetch : globalThis.fetch;
  app.use(channelThreadsOnly(surface));
  app.use(cleanIncomingText);
  app.use(gatekeeper(surface));
  registerEventListeners(app, surface);
  registerCommandListeners(app, surface);
  // Replaces an ephemeral list after a decision, from a click or from a modal that carried the click's response_url.
  const responder = responderFor(fetchFn);
  registerActionListeners(app, surface, responder);
  registerViewListeners(app, surface, responder);
  app.error(async (error) => {
    surface.logger.error({ err: error }, "slack.listener.error");
  });
}
