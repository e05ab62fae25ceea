// The ack baseline: a bare Bolt app (the same @slack/bolt as Maestro) on an HTTPReceiver whose listeners ack at
// once and do nothing else — what receiving, verifying and routing a Slack request costs before any of our code.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, type Logger } from "@slack/bolt";

/** Bolt's Logger interface, saying nothing (Maestro runs silent in the bench as well). */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export interface BareBolt {
  port: number;
  stop(): Promise<void>;
}

export async function startBareBolt(options: { signingSecret: string; port: number }): Promise<BareBolt> {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    logger: quiet,
    processBeforeResponse: false,
    // The same probe Maestro serves, so a start-up can be timed the same way (answered without a database).
    customRoutes: [
      {
        path: "/readyz",
        method: ["GET"],
        handler: (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'),
      },
    ],
  });
  // Both ids given, as Maestro does, so Bolt never calls auth.test.
  const app = new App({ token: "xoxb-bench", botId: "B0BARE", botUserId: "U0BAREBOT", receiver, logger: quiet });
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.message(async () => {});
  const server = (await app.start(options.port)) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop().then(() => undefined) };
}
