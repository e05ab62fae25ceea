// Starts the load generator in a second process (node --import tsx load-worker.ts, loopback only) and runs jobs
// on it one at a time; the same process answers as Slack's Web API (`slack`). close() ends it, and the child exits
// by itself if this process goes away.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult } from "./load-generator.ts";

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
/** The repository root: `--import tsx` resolves from the working directory. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Slack's Web API as Maestro calls it (SLACK_API_URL, response_urls), answered and counted in another process. */
export interface SlackSide {
  /** The Web API base for SLACK_API_URL (ends in /api/). */
  url: string;
  /** A response_url on the same server (answered as "respond"). */
  responseUrl(n: number): string;
  /** Calls of a method so far (Web API method, or "respond"). */
  count(method: string): Promise<number> | number;
  /** Resolves once `method` has been called `n` times in all, or rejects after `timeoutMs`. */
  waitForCount(method: string, n: number, timeoutMs: number): Promise<void>;
}

export interface LoadProcess {
  readonly pid: number;
  /** The fake Slack API in the load process: the bot's calls cost the bot's process nothing but its own side. */
  readonly slack: SlackSide;
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

type Reply =
  | { type: "load:ready"; slackApiUrl: string; responseUrlBase: string }
  | { type: "load:result"; id: number; result?: unknown; error?: string };

/** Waits for the child to exit, killing it if it has not after `ms`. */
export function exitOf(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startLoadProcess(): Promise<LoadProcess> {
  // Fresh execArgv: whatever flags this process runs with (vitest's, --expose-gc) are not the generator's.
  const child = fork(WORKER, [], { cwd: REPO_ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  let exited = false;
  child.on("message", (reply: Reply) => {
    if (reply.type !== "load:result") return;
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error === undefined) w?.resolve(reply.result);
    else w?.reject(new Error(`load generator: ${reply.error}`));
  });
  child.on("exit", (code, signal) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`the load generator exited (${signal ?? code}) during a job`));
    waiting.clear();
  });
  const ready = await new Promise<Extract<Reply, { type: "load:ready" }>>((resolve, reject) => {
    const onReady = (reply: Reply) => {
      if (reply.type !== "load:ready") return;
      child.off("message", onReady);
      resolve(reply);
    };
    child.on("message", onReady);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the load generator exited (${code}) before it was ready`)));
  });
  const ask = <T>(message: Record<string, unknown>): Promise<T> => {
    if (exited) return Promise.reject(new Error("the load generator is not running"));
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      child.send({ ...message, id });
    });
  };
  return {
    pid: child.pid!,
    slack: {
      url: ready.slackApiUrl,
      responseUrl: (n) => `${ready.responseUrlBase}${n}`,
      count: (method) => ask<number>({ type: "slack:count", method }),
      waitForCount: (method, n, timeoutMs) => ask<void>({ type: "slack:wait", method, n, timeoutMs }),
    },
    run: (job) => ask<LoadResult>({ type: "load:run", job }),
    async close() {
      if (exited) return;
      if (child.connected) child.disconnect();
      await exitOf(child, 5_000);
    },
  };
}
