// The fake Slack's Web API over real HTTP on loopback, for the bot started in HTTP mode (SLACK_API_URL).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig, type Config } from "../config.ts";
import type { FakeSlack } from "./fake-slack.ts";

/** Settings for Maestro in HTTP mode against the fake Web API at `apiUrl`, signing with `secret`. */
export const httpModeConfig = (apiUrl: string, secret: string, env: Record<string, string> = {}): Config =>
  loadConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: apiUrl,
    SLACK_BOT_USER_ID: "U0MAESTROBOT",
    SLACK_BOT_ID: "B0MAESTRO",
    ...env,
  });

export async function serveFakeSlackApi(fake: FakeSlack): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const response = await fake.fetch(`http://slack.test${req.url}`, {
        method: req.method,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const passed = ["x-oauth-scopes", "retry-after"].flatMap((name) => {
        const value = response.headers.get(name);
        return value ? [[name, value] as const] : [];
      });
      res.writeHead(response.status, { "content-type": "application/json", ...Object.fromEntries(passed) });
      res.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Signs a request body the way Slack does (v0 HMAC-SHA256 of "v0:<ts>:<body>"). */
export async function slackSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const { createHmac } = await import("node:crypto");
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** POSTs a body to `<base>/slack/events` signed with `secret`, as Slack's HTTP delivery does. */
export async function postSignedToSlackEvents(
  base: string,
  secret: string,
  body: string,
  contentType = "application/x-www-form-urlencoded",
): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${base}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": await slackSignature(secret, timestamp, body),
    },
    body,
  });
}

/** A `/maestro <text>` slash command from U0SAM in their DM, answered at `<respondBase>/respond/<respondId>`. */
export function slashCommandBody(text: string, respondBase: string, respondId: string | number): string {
  return new URLSearchParams({
    command: "/maestro",
    text,
    user_id: "U0SAM",
    channel_id: "D0SAM",
    team_id: "T0MAESTRO",
    response_url: `${respondBase}/respond/${respondId}`,
    trigger_id: "t1",
  }).toString();
}
