// The fake Slack Web API (serveFakeSlackApi over real HTTP) as the benches use it: every call answered by
// FakeSlack, but only counted and time-stamped, not kept (a load run makes tens of thousands of them), except
// the confirmation cards, whose buttons the click bench needs.
import { performance } from "node:perf_hooks";
import { ACTIONS } from "../src/slack/ids.ts";
import { FakeSlack, type RecordedCall } from "../src/testing/fake-slack.ts";
import { serveFakeSlackApi } from "../src/testing/slack-api-server.ts";
import { Arrivals } from "./arrivals.ts";

export interface PostedCard {
  channel: string;
  ts: string;
  confirm: { action_id: string; value: string };
  /** When the card arrived (performance.now()). */
  at: number;
}

export interface SlackApiRecorder {
  /** The Web API base for SLACK_API_URL (ends in /api/). */
  url: string;
  /** A response_url on the same server (answered as "respond"). */
  responseUrl(n: number): string;
  /** Calls per method (Web API method, or "respond" for a response_url POST). */
  count(method: string): number;
  /** Resolves once `method` has been called `n` times in all, or rejects after `timeoutMs`. */
  waitForCount(method: string, n: number, timeoutMs: number): Promise<void>;
  /** Resolves once no call has arrived for `quietMs` (Maestro's work after a click has landed). */
  idle(quietMs: number, timeoutMs: number): Promise<void>;
  /** chat.update arrivals by `<channel>:<ts>#<k>`: the k-th update (1-based) of that message. */
  updates: Arrivals;
  /** Confirmation cards posted, in order. */
  cards: PostedCard[];
  /**
   * The first visible sign in each thread, by its thread_ts: a status set (assistant.threads.setStatus with a status),
   * a stream started or a message posted under it.
   */
  firstSigns: Arrivals;
  close(): Promise<void>;
}

function confirmButton(blocks: unknown): { action_id: string; value: string } | undefined {
  let found: { action_id: string; value: string } | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.type === "button" && typeof n.action_id === "string" && n.action_id.startsWith(ACTIONS.confirm)) {
      found = { action_id: n.action_id, value: String(n.value) };
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(blocks);
  return found;
}

export async function startSlackApiRecorder(): Promise<SlackApiRecorder> {
  const fake = new FakeSlack();
  const counts = new Map<string, number>();
  const updatesPerMessage = new Map<string, number>();
  const waiters = new Set<() => void>();
  const updates = new Arrivals();
  const cards: PostedCard[] = [];
  const firstSigns = new Arrivals();
  let lastCallAt = performance.now();
  const observe = (call: RecordedCall, at: number) => {
    lastCallAt = at;
    counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    if (call.method === "chat.update") {
      const key = `${String(call.args.channel)}:${String(call.args.ts)}`;
      const k = (updatesPerMessage.get(key) ?? 0) + 1;
      updatesPerMessage.set(key, k);
      updates.note(`${key}#${k}`, at);
    } else if (call.method === "chat.postMessage") {
      const confirm = confirmButton(call.args.blocks);
      if (confirm && call.response) cards.push({ channel: String(call.response.channel), ts: String(call.response.ts), confirm, at });
    }
    const thread = call.args.thread_ts;
    const visible =
      (call.method === "assistant.threads.setStatus" && Boolean(call.args.status)) ||
      call.method === "chat.startStream" ||
      call.method === "chat.postMessage";
    if (visible && typeof thread === "string") firstSigns.note(thread, at);
    for (const w of [...waiters]) w();
  };
  const fetch: FakeSlack["fetch"] = async (input, init) => {
    const at = performance.now();
    const response = fake.fetch(input, init);
    // With no responders queued FakeSlack records and answers without awaiting, so before anything else can
    // run its last call is this one: take it (and keep the list empty).
    const call = fake.calls.pop();
    if (call) observe(call, at);
    return response;
  };
  // serveFakeSlackApi only ever calls `fetch` on the fake it is given.
  const server = await serveFakeSlackApi({ fetch } as FakeSlack);
  const base = server.url.replace(/\/api\/$/, "");
  return {
    url: server.url,
    responseUrl: (n) => `${base}/respond/${n}`,
    count: (method) => counts.get(method) ?? 0,
    waitForCount(method, n, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if ((counts.get(method) ?? 0) < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the fake Slack API saw ${counts.get(method) ?? 0} of ${n} ${method} calls after ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        waiters.add(check);
        check();
      });
    },
    async idle(quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() - lastCallAt < quietMs) {
        if (performance.now() > deadline) throw new Error(`the fake Slack API was still busy after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, Math.max(5, quietMs - (performance.now() - lastCallAt))));
      }
    },
    updates,
    cards,
    firstSigns,
    close: () => server.close(),
  };
}
