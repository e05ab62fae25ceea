// One signed request from this process, timed to its response: the click bench sends its Confirms itself so the
// send time and the arrivals it is compared with (fake Slack API, model) are read from one clock.
import { performance } from "node:perf_hooks";
import { slackSignature } from "../../src/testing/slack-api-server.ts";
import type { LoadRequest } from "./load-generator.ts";

export async function sendSigned(
  baseUrl: string,
  request: LoadRequest,
  secret: string,
): Promise<{ status: number; body: string; sentAt: number; ms: number }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": request.contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": await slackSignature(secret, timestamp, request.body),
  };
  const sentAt = performance.now();
  const response = await fetch(`${baseUrl}${request.path}`, { method: "POST", headers, body: request.body });
  const body = await response.text();
  return { status: response.status, body, sentAt, ms: performance.now() - sentAt };
}
