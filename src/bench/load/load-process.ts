// Starts the load generator in a second process (node --import tsx load-worker.ts, loopback only) and runs jobs
// on it one at a time; close() ends it, and the child exits by itself if this process goes away.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult } from "./load-generator.ts";

const WORKER = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
/** The repository root: `--import tsx` resolves from the working directory. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface LoadProcess {
  readonly pid: number;
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

type Reply = { type: "load:ready" } | { type: "load:result"; id: number; result?: LoadResult; error?: string };

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
  const waiting = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();
  let nextId = 0;
  let exited = false;
  child.on("message", (reply: Reply) => {
    if (reply.type !== "load:result") return;
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.result) w?.resolve(reply.result);
    else w?.reject(new Error(`load generator: ${reply.error}`));
  });
  child.on("exit", (code, signal) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`the load generator exited (${signal ?? code}) during a job`));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    const onReady = (reply: Reply) => {
      if (reply.type !== "load:ready") return;
      child.off("message", onReady);
      resolve();
    };
    child.on("message", onReady);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the load generator exited (${code}) before it was ready`)));
  });
  return {
    pid: child.pid!,
    run(job) {
      if (exited) return Promise.reject(new Error("the load generator is not running"));
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ type: "load:run", id, job });
      });
    },
    async close() {
      if (exited) return;
      if (child.connected) child.disconnect();
      await exitOf(child, 5_000);
    },
  };
}
