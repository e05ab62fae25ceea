// What `maestro start` loads on PostgreSQL: no PGlite, and no other command's modules (bench, console, seed, evals).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = new URL("../..", import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-start-imports-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A module preloaded with --import that registers a loader hook appending every module URL it is asked to load
 * to `file`, one a line. tsx registers its own hooks later, so they run first and pass every load on to this one.
 */
function traceHook(file: string): string {
  const hook = `import fs from "node:fs";
export async function load(url, context, next) { fs.appendFileSync(${JSON.stringify(file)}, url + "\\n"); return next(url, context); }`;
  const register = `import { register } from "node:module";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

describe("maestro start on PostgreSQL", () => {
  it("loads the whole start path but neither PGlite nor another command's modules", () => {
    const trace = path.join(dir, "loaded.txt");
    // No Slack settings: start loads everything it needs, then stops at the settings check before any connection.
    const result = spawnSync(process.execPath, ["--import", traceHook(trace), "bin/maestro.js", "start"], {
      cwd: repoRoot,
      // Blank Slack settings, so that a developer's .env cannot fill them in (it never overrides a set variable).
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: "postgres://nobody@127.0.0.1:9/none", SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(result.status).toBe(2);

    const loaded = fs.readFileSync(trace, "utf8").split("\n").filter(Boolean);
    // The hook saw the start path: our modules, and package entries (knex-pglite is one, as CommonJS).
    expect(loaded).toContainEqual(expect.stringMatching(/\/src\/main\.ts$/));
    expect(loaded).toContainEqual(expect.stringMatching(/\/src\/db\/connect\.ts$/));
    expect(loaded).toContainEqual(expect.stringMatching(/\/node_modules\/knex\//));
    expect(loaded.filter((url) => /\/node_modules\/(@electric-sql\/pglite|knex-pglite)\//.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/src\/(bench|console|seed|testing)\/|\/evals\/|\/src\/cli\/commands\/(?!start\.ts|index\.ts)/.test(url))).toEqual([]);
  });
});
