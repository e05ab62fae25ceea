// How the memory and start suite spawns each server it times: `node bin/maestro.js start` with HTTP settings (on
// PostgreSQL or an embedded data directory), the built JavaScript, the bare Bolt app, and a bare `node -e` listener.
import path from "node:path";
import { SETTING_NAMES } from "../../src/config.ts";
import { BENCH_BOT, BENCH_SIGNING_SECRET } from "../bench-maestro.ts";
import type { ChildSpec } from "./child-server.ts";
import { REPO_ROOT } from "./load-process.ts";

const START_TIMEOUT_MS = 90_000;

export interface MaestroChildOptions {
  port: number;
  /** PostgreSQL, or else the embedded engine in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  slackApiUrl: string;
  modelUrl: string;
}

/**
 * The child's whole environment, from constants and what the runner was given: every setting Maestro reads is
 * named, blank when unused, so neither this shell's variables nor a .env in the repository (whose values never
 * override a variable that is set, even to "") can change what is measured.
 */
export function maestroEnv(o: MaestroChildOptions): Record<string, string> {
  const blank = Object.fromEntries(SETTING_NAMES.map((name) => [name, ""]));
  return {
    ...blank,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    SLACK_BOT_TOKEN: BENCH_BOT.botToken,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_BOT_USER_ID: BENCH_BOT.botUserId,
    SLACK_BOT_ID: BENCH_BOT.botId,
    SLACK_API_URL: o.slackApiUrl,
    ANTHROPIC_API_KEY: "sk-ant-bench-0000",
    ANTHROPIC_BASE_URL: o.modelUrl,
    PORT: String(o.port),
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : { MAESTRO_DATA_DIR: o.dataDir! }),
  };
}

export const maestroSpec = (o: MaestroChildOptions): ChildSpec => ({
  args: [path.join(REPO_ROOT, "bin", "maestro.js"), "start"],
  env: maestroEnv(o),
  port: o.port,
  probePath: "/readyz",
  timeoutMs: START_TIMEOUT_MS,
});

/** The built JavaScript (`npm run build`), as the image runs it: no TypeScript loader. */
export const BUILT_MAIN = path.join(REPO_ROOT, "dist", "src", "cli", "main.js");

export const maestroBuiltSpec = (o: MaestroChildOptions): ChildSpec => ({
  args: [BUILT_MAIN, "start"],
  env: maestroEnv(o),
  port: o.port,
  probePath: "/readyz",
  timeoutMs: START_TIMEOUT_MS,
});

/** The bare Bolt app, loaded through tsx as Maestro is, answering /readyz without a database. */
export const bareBoltSpec = (port: number): ChildSpec => ({
  args: ["--import", "tsx", path.join(REPO_ROOT, "bench", "load", "bare-bolt-main.ts"), String(port), BENCH_SIGNING_SECRET],
  env: { NODE_ENV: "production" },
  port,
  probePath: "/readyz",
  timeoutMs: START_TIMEOUT_MS,
});

/** The floor: a Node process that only listens. */
export const bareNodeSpec = (port: number): ChildSpec => ({
  args: ["-e", `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`],
  env: {},
  port,
  probePath: "/",
  timeoutMs: START_TIMEOUT_MS,
});
