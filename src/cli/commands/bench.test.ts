// `maestro bench` argument handling (the runs themselves are exercised by bench/'s tests and by running it).
import { describe, expect, it } from "vitest";
import { runCli } from "../run.ts";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l: string) => out.push(l), err: (l: string) => err.push(l), stdout: () => out.join("\n"), stderr: () => err.join("\n") };
}

describe("maestro bench", () => {
  it("names the suites it knows when given one it does not, with exit code 2", async () => {
    const cli = io();
    expect(await runCli(["bench", "tools", "acks"], cli)).toBe(2);
    expect(cli.stderr()).toMatch(/Unknown suite acks: choose from tools, loop, prompt, ack, digest, memory, import\./);
    expect(cli.stderr()).toMatch(/Usage: maestro bench \[tools\|loop\|prompt\|ack\|digest\|memory\|import …\] \[--quick\]/);
  });

  it("explains itself with --help, including where it runs", async () => {
    const cli = io();
    expect(await runCli(["bench", "--help"], cli)).toBe(0);
    expect(cli.stdout()).toMatch(/MAESTRO_BENCH_DATABASE_URL/);
    expect(cli.stdout()).toMatch(/bench\/results\/<timestamp>\.json/);
  });
});
