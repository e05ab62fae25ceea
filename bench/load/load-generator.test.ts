// The load generator against a tiny local server that holds each request: the bound on requests in flight, the
// latency it records per request, Slack's signature, and the same job run from the forked generator process.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackSignature } from "../../src/testing/slack-api-server.ts";
import { runLoad, type LoadRequest } from "./load-generator.ts";
import { startLoadProcess } from "./load-process.ts";

const SECRET = "load-test-secret";
const HOLD_MS = 20;
let server: http.Server;
let baseUrl: string;
let inFlight = 0;
let peak = 0;
const seen: { body: string; signed: boolean }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", async () => {
      const ts = Number(req.headers["x-slack-request-timestamp"]);
      seen.push({ body, signed: req.headers["x-slack-signature"] === (await slackSignature(SECRET, ts, body)) });
      // Request n answers after HOLD_MS, except every 10th which takes 5× as long: a known tail.
      const n = Number(new URLSearchParams(body).get("n"));
      setTimeout(
        () => {
          inFlight -= 1;
          res.writeHead(n % 10 === 9 ? 202 : 200).end("ok");
        },
        n % 10 === 9 ? HOLD_MS * 5 : HOLD_MS,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const requests = (n: number): LoadRequest[] =>
  Array.from({ length: n }, (_, i) => ({ path: "/slack/events", body: `n=${i}`, contentType: "application/x-www-form-urlencoded" }));

describe("runLoad", () => {
  it("keeps exactly `concurrency` requests in flight and never more", async () => {
    peak = 0;
    const result = await runLoad({ baseUrl, requests: requests(40), concurrency: 7, signingSecret: SECRET });
    expect(result.maxInFlight).toBe(7);
    expect(peak).toBe(7);
    expect(result.errors).toBe(0);
    // 40 requests, 7 at a time, each ≥ 20 ms: at least ceil(40/7) = 6 rounds.
    expect(result.wallMs).toBeGreaterThanOrEqual(6 * HOLD_MS - 1);
  });

  it("records one latency and status per request, in request order, from send to response", async () => {
    const result = await runLoad({ baseUrl, requests: requests(20), concurrency: 4, signingSecret: SECRET });
    expect(result.latenciesMs).toHaveLength(20);
    expect(result.statuses).toEqual(Array.from({ length: 20 }, (_, i) => (i % 10 === 9 ? 202 : 200)));
    for (const [i, ms] of result.latenciesMs.entries()) expect(ms).toBeGreaterThanOrEqual((i % 10 === 9 ? HOLD_MS * 5 : HOLD_MS) - 1);
    // Time waiting for a free slot is not counted: each latency lies within the run and at most 4 overlap at any
    // moment, so they sum to at most 4 × the wall time (counted from the job's start, they would sum to far more).
    const sum = result.latenciesMs.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(4 * result.wallMs + 1);
  });

  it("pauses between a worker's requests when asked, and leaves the pause out of the latency", async () => {
    const gapMs = 150;
    const result = await runLoad({ baseUrl, requests: requests(5), concurrency: 1, gapMs });
    // Five requests of ≥ 20 ms with four pauses of ≥ 150 ms between them; a pause counted in would make a latency ≥ 170 ms.
    expect(result.wallMs).toBeGreaterThanOrEqual(5 * HOLD_MS + 4 * gapMs - 1);
    for (const ms of result.latenciesMs) expect(ms).toBeLessThan(gapMs);
  });

  it("signs every request as Slack does", async () => {
    seen.length = 0;
    await runLoad({ baseUrl, requests: requests(5), concurrency: 2, signingSecret: SECRET });
    expect(seen.map((s) => s.signed)).toEqual([true, true, true, true, true]);
  });

  it("counts a refused connection as an error instead of hanging", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runLoad({ baseUrl: `http://127.0.0.1:${port}`, requests: requests(3), concurrency: 2 });
    expect(result.errors).toBe(3);
    expect(result.statuses).toEqual([0, 0, 0]);
  });

  it("refuses to target anything but loopback", async () => {
    await expect(runLoad({ baseUrl: "http://example.com", requests: requests(1), concurrency: 1 })).rejects.toThrow(/loopback/);
  });
});

describe("the forked load generator", () => {
  it("runs a job in its own process with the same bound, and exits when closed", async () => {
    const load = await startLoadProcess();
    try {
      expect(load.pid).not.toBe(process.pid);
      peak = 0;
      const result = await load.run({ baseUrl, requests: requests(30), concurrency: 5, signingSecret: SECRET });
      expect(result.maxInFlight).toBe(5);
      expect(peak).toBe(5);
      expect(result.latenciesMs).toHaveLength(30);
      expect(Math.min(...result.latenciesMs)).toBeGreaterThanOrEqual(HOLD_MS - 1);
    } finally {
      await load.close();
    }
    expect(() => process.kill(load.pid, 0)).toThrow(); // gone
  });

  it("answers as Slack's Web API and response_url from its own process, and counts the calls", async () => {
    const load = await startLoadProcess();
    try {
      expect(new URL(load.slack.url).hostname).toBe("127.0.0.1");
      const posted = await fetch(`${load.slack.url}chat.postMessage`, {
        method: "POST",
        body: new URLSearchParams({ channel: "D0X", text: "hi" }),
      });
      expect(await posted.json()).toMatchObject({ ok: true, channel: "D0X" });
      const waited = load.slack.waitForCount("respond", 2, 5_000);
      for (const n of [1, 2]) await fetch(load.slack.responseUrl(n), { method: "POST", body: JSON.stringify({ text: "done" }) });
      await waited;
      expect([
        await load.slack.count("chat.postMessage"),
        await load.slack.count("respond"),
        await load.slack.count("chat.update"),
      ]).toEqual([1, 2, 0]);
      await expect(load.slack.waitForCount("chat.update", 1, 50)).rejects.toThrow(/saw 0 of 1 chat.update/);
    } finally {
      await load.close();
    }
  });
});
