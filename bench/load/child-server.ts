// A server in its own process, timed from spawn to its first 200 on a probe, with a memory probe over IPC (a hook
// loaded before the program that runs gc() and reports process.memoryUsage()) and a stop that always ends it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { exitOf, REPO_ROOT } from "./load-process.ts";

/**
 * Loaded with --import before the program: answers "bench:memory" with the RSS after two full collections, and
 * stops the program (SIGTERM, its own graceful path) when the bench closes the channel or goes away.
 */
const MEMORY_HOOK =
  "data:text/javascript," +
  encodeURIComponent(`
if (process.send) {
  process.on("message", (m) => {
    if (!m || m.type !== "bench:memory") return;
    globalThis.gc?.();
    setTimeout(() => {
      globalThis.gc?.();
      const u = process.memoryUsage();
      process.send({ type: "bench:memory", rss: u.rss, heapUsed: u.heapUsed, external: u.external });
    }, 200);
  });
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}`);

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export interface ChildServer {
  pid: number;
  port: number;
  /** ms from spawn to the first 200 from the probe. */
  readyMs: number;
  /** RSS (and heap) after gc(), from inside the process. */
  memory(): Promise<MemorySample>;
  /** The process's peak RSS so far (Linux VmHWM), or null where /proc is not there. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
}

export interface ChildSpec {
  /** Arguments after `node` (the memory hook and --expose-gc are put first). */
  args: string[];
  /** The whole environment of the child: nothing is inherited. */
  env: Record<string, string>;
  port: number;
  probePath: string;
  timeoutMs: number;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export { freePort } from "../../src/testing/free-port.ts";

/** One GET on a fresh connection: plain node:http, the lightest poll there is (the bench shares two cores with the child). */
function probe(port: number, probePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: probePath, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Closing the channel makes the hook send SIGTERM (one signal only: a second one would find `maestro start`'s
  // handler already gone and kill it mid-shutdown, leaving an embedded data directory unclean).
  if (child.connected) child.disconnect();
  else child.kill("SIGTERM");
  await exitOf(child, 20_000);
}

export async function startChildServer(spec: ChildSpec): Promise<ChildServer> {
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString("utf8"));
    if (tail.length > 20) tail.shift();
  };
  const started = performance.now();
  const child = spawn(process.execPath, ["--expose-gc", "--import", MEMORY_HOOK, ...spec.args], {
    cwd: REPO_ROOT,
    env: spec.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited: string | null = null;
  child.once("exit", (code, signal) => (exited = `${signal ?? code}`));
  try {
    // Polled every 10 ms: the figure is at most ~10 ms late, the same for every server timed this way.
    for (;;) {
      if (exited !== null) throw new Error(`exited (${exited}) before ${spec.probePath} answered 200: ${tail.join("").slice(-600)}`);
      if (performance.now() - started > spec.timeoutMs)
        throw new Error(`${spec.probePath} did not answer 200 within ${spec.timeoutMs} ms: ${tail.join("").slice(-600)}`);
      if (await probe(spec.port, spec.probePath)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const readyMs = performance.now() - started;
  return {
    pid: child.pid!,
    port: spec.port,
    readyMs,
    memory() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no memory report from the child within 10 s")), 10_000);
        const onMessage = (m: { type?: string; rss: number; heapUsed: number; external: number }) => {
          if (m?.type !== "bench:memory") return;
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve({ rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external) });
        };
        child.on("message", onMessage);
        child.send({ type: "bench:memory" });
      });
    },
    peakRssMb() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null;
      } catch {
        return null;
      }
    },
    stop: () => stopChild(child),
  };
}
