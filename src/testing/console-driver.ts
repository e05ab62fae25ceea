// Test support: runs the console on in-memory streams and sends it one line at a time, returning what it printed.
import { PassThrough } from "node:stream";
import { runConsole, type ConsoleOptions } from "../console/console.ts";

export interface ConsoleDriver {
  /** Everything printed before the first prompt. */
  startup: string;
  /** Types a line; resolves with what the console printed while handling it. */
  send(line: string): Promise<string>;
  /** Types :quit; resolves with the exit code. */
  quit(): Promise<number>;
}

export async function startConsoleDriver(options: Omit<ConsoleOptions, "input" | "output" | "onIdle">): Promise<ConsoleDriver> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => (text += chunk.toString()));
  // One promise per wait for the prompt: resolved when the console next asks for a line.
  let resolveIdle: () => void = () => {};
  let idle = new Promise<void>((resolve) => (resolveIdle = resolve));
  const onIdle = () => {
    const resolve = resolveIdle;
    idle = new Promise<void>((r) => (resolveIdle = r));
    resolve();
  };
  const exit = runConsole({ ...options, input, output, onIdle });
  await Promise.race([
    idle,
    exit.then((code) => Promise.reject(new Error(`the console exited (${code}) before its first prompt:\n${text}`))),
  ]);
  const startup = text;
  let quitting: Promise<number> | undefined;
  return {
    startup,
    async send(line) {
      const from = text.length;
      const next = idle;
      input.write(`${line}\n`);
      await Promise.race([next, exit]);
      return text.slice(from);
    },
    quit() {
      quitting ??= (input.write(":quit\n"), exit);
      return quitting;
    },
  };
}
