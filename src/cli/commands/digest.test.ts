// `maestro digest`: the preview as text, a post through Slack's Web API (a fake one on loopback), and the
// settings a post needs named before any database is opened.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeSlack } from "../../testing/fake-slack.ts";
import { serveFakeSlackApi } from "../../testing/slack-api-server.ts";
import type { CliIO } from "../command.ts";
import { runCli } from "../run.ts";

function fakeIO(): CliIO & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-cli-digest-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function env(settings: Record<string, string>) {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAESTRO_DATA_DIR", path.join(root, "pgdata"));
  vi.stubEnv("ANTHROPIC_API_KEY", "");
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
}

describe("maestro digest", () => {
  it("needs exactly one of --preview and --post", async () => {
    for (const argv of [["digest"], ["digest", "--preview", "--post"]]) {
      const io = fakeIO();
      expect(await runCli(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(/Choose one of --preview .* or --post/);
    }
  });

  it("--post names the missing settings and opens no database", async () => {
    env({ SLACK_BOT_TOKEN: "", DIGEST_CHANNEL: "" });
    const io = fakeIO();
    expect(await runCli(["digest", "--post"], io)).toBe(2);
    expect(io.stderr()).toMatch(/SLACK_BOT_TOKEN: is required to post the digest/);
    expect(io.stderr()).toMatch(/DIGEST_CHANNEL: is required to post the digest/);
    expect(fs.existsSync(path.join(root, "pgdata"))).toBe(false);
  });

  it("--preview prints the digest as text; --post posts it, counted once a day", async () => {
    env({ DIGEST_CHANNEL: "" });
    const preview = fakeIO();
    expect(await runCli(["digest", "--preview"], preview)).toBe(0);
    expect(preview.stdout()).toMatch(/MORNING DIGEST · /);
    expect(preview.stdout()).toContain("All clear. No new intakes waiting");

    const fake = new FakeSlack();
    const api = await serveFakeSlackApi(fake);
    try {
      env({ SLACK_BOT_TOKEN: "xoxb-cli-test", SLACK_API_URL: api.url, DIGEST_CHANNEL: "C0DIGEST" });
      const first = fakeIO();
      expect(await runCli(["digest", "--post"], first)).toBe(0);
      expect(first.stdout()).toMatch(/^posted to C0DIGEST \(ts [\d.]+\) as today's digest$/);
      const second = fakeIO();
      expect(await runCli(["digest", "--post"], second)).toBe(0);
      expect(second.stdout()).toMatch(/as an extra: today's digest was already posted/);
      expect(fake.callsOf("chat.postMessage").map((c) => c.args.channel)).toEqual(["C0DIGEST", "C0DIGEST"]);
    } finally {
      await api.close();
    }
    // Three CLI runs, the first creating and migrating a new embedded data directory: ~30 s on a busy two-core machine.
  }, 120_000);
});
