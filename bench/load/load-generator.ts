// A bounded HTTP load generator: keeps exactly `concurrency` requests in flight (fewer only as the list runs out)
// and times each one from its first byte sent to the end of its response, i.e. the ack Slack would wait for.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { slackSignature } from "../../src/testing/slack-api-server.ts";

/** One request to send: a body Slack would POST, signed by the generator just before the run. */
export interface LoadRequest {
  path: string;
  body: string;
  contentType: "application/json" | "application/x-www-form-urlencoded";
}

export interface LoadJob {
  /** e.g. http://127.0.0.1:40123 (loopback only). */
  baseUrl: string;
  requests: LoadRequest[];
  concurrency: number;
  /** Signs every request as Slack does (x-slack-signature); omitted, requests go unsigned. */
  signingSecret?: string;
  /**
   * A pause (ms) before each worker's next request: at concurrency 1, long enough for the server to finish the
   * previous request's work after its ack, it times the ack of a bot that is idle when the request arrives.
   */
  gapMs?: number;
}

export interface LoadResult {
  /** Per request, in the order of `requests`: ms from sending to the end of the response. */
  latenciesMs: number[];
  statuses: number[];
  /** Requests that failed at the socket (no HTTP status): counted, their latency is still recorded. */
  errors: number;
  /** The most requests ever in flight at once (the bound, checked). */
  maxInFlight: number;
  wallMs: number;
}

interface Prepared {
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

async function prepare(job: LoadJob): Promise<Prepared[]> {
  const timestamp = Math.floor(Date.now() / 1000);
  // Signed up front, so the HMAC is not part of any request's latency; a job lasts far less than Slack's 5 minutes.
  return Promise.all(
    job.requests.map(async (r) => {
      const body = Buffer.from(r.body, "utf8");
      const headers: http.OutgoingHttpHeaders = { "content-type": r.contentType, "content-length": body.length };
      if (job.signingSecret) {
        headers["x-slack-request-timestamp"] = String(timestamp);
        headers["x-slack-signature"] = await slackSignature(job.signingSecret, timestamp, r.body);
      }
      return { path: r.path, headers, body };
    }),
  );
}

function send(agent: http.Agent, url: URL, request: Prepared): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, method: "POST", path: request.path, headers: request.headers },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(request.body);
  });
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  if (!(job.concurrency >= 1)) throw new Error(`concurrency must be at least 1, got ${job.concurrency}`);
  const url = new URL(job.baseUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`the load generator only targets loopback, not ${url.hostname}`);
  const prepared = await prepare(job);
  // Keep-alive as Slack's delivery does; one socket per worker, so connection setup is paid once, not per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latenciesMs = new Array<number>(prepared.length).fill(0);
  const statuses = new Array<number>(prepared.length).fill(0);
  let next = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const worker = async () => {
    // Each worker takes the next request as soon as its previous one answered: N workers = exactly N in flight.
    while (next < prepared.length) {
      const index = next++;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const started = performance.now();
      statuses[index] = await send(agent, url, prepared[index]!);
      latenciesMs[index] = performance.now() - started;
      inFlight -= 1;
      if (job.gapMs && next < prepared.length) await new Promise((resolve) => setTimeout(resolve, job.gapMs));
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, prepared.length) }, worker));
  } finally {
    agent.destroy();
  }
  return { latenciesMs, statuses, errors: statuses.filter((s) => s === 0).length, maxInFlight, wallMs: performance.now() - started };
}
