// `maestro console`: the same app over the fake Slack transport, in a terminal — open (and if need be migrate
// and seed) the database, start Maestro without background jobs, then read lines until :quit or end of input.
import readline from "node:readline";
import type { ModelClient } from "../agent/model-client.ts";
import type { Config } from "../config.ts";
import { openDatabase, type Database } from "../db/connect.ts";
import { DataDirInUseError } from "../db/data-dir-lock.ts";
import { silentLogger, type Logger } from "../logger.ts";
import { startMaestro } from "../main.ts";
import { FakeSlack } from "../slack/fake-transport.ts";
import { ConsoleSession } from "./session.ts";
import { prepareDatabase } from "./prepare-database.ts";
import { stripAnsi, styleFor } from "./style.ts";

export interface ConsoleOptions {
  config: Config;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** ANSI styling; off when the output is not a terminal. */
  color?: boolean;
  /** Line editing, prompt and echo by the terminal; off for pipes and tests (typed lines are echoed instead). */
  terminal?: boolean;
  /** An open database (tests); otherwise DATABASE_URL or the embedded one, opened and closed here. */
  database?: Database;
  /** Replaces the model (tests); otherwise the Anthropic model when ANTHROPIC_API_KEY is set. */
  model?: ModelClient | null;
  logger?: Logger;
  /** Called whenever the console waits for the next line (tests drive it line by line). */
  onIdle?: () => void;
}

/** Lines from readline, one at a time, buffered while the previous one is still being handled. */
function lineReader(rl: readline.Interface) {
  const buffered: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  rl.on("line", (line) => (waiting ? (waiting(line), (waiting = undefined)) : buffered.push(line)));
  rl.on("close", () => {
    closed = true;
    waiting?.(undefined);
  });
  return (): Promise<string | undefined> =>
    buffered.length
      ? Promise.resolve(buffered.shift())
      : closed
        ? Promise.resolve(undefined)
        : new Promise((resolve) => (waiting = resolve));
}

export async function runConsole(options: ConsoleOptions): Promise<number> {
  const color = options.color ?? false;
  const terminal = options.terminal ?? false;
  const style = styleFor(color);
  const print = (text: string) => options.output.write(`${color ? text : stripAnsi(text)}\n`);
  print(`${style.bold("Maestro console")} ${style.dim("— the Slack app over a fake Slack, in your terminal")}`);

  let db = options.database;
  if (!db) {
    try {
      db = await openDatabase({ url: options.config.database.url, dataDir: options.config.database.dataDir });
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      print(style.danger(error.message));
      print(
        "Is `maestro start` (or another console) running on it? Stop it first, or give the console its own directory: MAESTRO_DATA_DIR=.maestro/console npm run console",
      );
      return 1;
    }
  }
  try {
    const prepared = await prepareDatabase(db, options.config);
    for (const line of prepared.lines) print(style.dim(line));
    const fake = new FakeSlack();
    const config = options.config;
    const maestro = await startMaestro(config, {
      transport: { kind: "custom", receiver: fake, fetch: fake.fetch },
      schedule: false,
      database: db,
      logger: options.logger ?? silentLogger,
      drainMs: 5_000,
      ...(options.model !== undefined ? { model: options.model } : {}),
    });
    try {
      const modelOn = options.model !== undefined ? options.model !== null : !!config.anthropic.apiKey;
      const session = new ConsoleSession({ maestro, fake, user: config.adminSlackIds[0] ?? prepared.defaultAdmin, modelOn, style, print });
      const me = await session.describeUser();
      print(`You are ${style.bold(me.text)}.${me.isStaff ? "" : " Use :as <SlackUserId> to act as a staff member."}`);
      print(
        modelOn
          ? `Model: ${config.anthropic.model}. DMs go to the agent.`
          : `Model: ${style.bold("off")} — ANTHROPIC_API_KEY is not set, so DMs get a notice instead of an answer. /maestro commands and buttons work.`,
      );
      print(style.dim("Try /maestro queue · /maestro approvals · :home · :help"));
      await readLoop(session, options, terminal, print, style.dim);
    } finally {
      await maestro.stop();
    }
    print(style.dim("Maestro stopped. Bye."));
    return 0;
  } finally {
    if (!options.database) await db.close();
  }
}

async function readLoop(
  session: ConsoleSession,
  options: ConsoleOptions,
  terminal: boolean,
  print: (t: string) => void,
  dim: (t: string) => string,
) {
  const rl = readline.createInterface({ input: options.input, output: terminal ? options.output : undefined, terminal });
  // Ctrl-C at the prompt leaves like Ctrl-D: Maestro is stopped and the database closed properly.
  rl.on("SIGINT", () => rl.close());
  const next = lineReader(rl);
  try {
    for (;;) {
      options.onIdle?.();
      if (terminal) {
        rl.setPrompt(session.prompt());
        rl.prompt();
      }
      const line = await next();
      if (line === undefined) {
        // Ctrl-D / Ctrl-C leave the cursor after the prompt.
        if (terminal) options.output.write("\n");
        break;
      }
      if (!terminal && line.trim()) print(dim(`${session.prompt()}${line}`));
      if ((await session.handle(line)) === "quit") break;
    }
  } finally {
    rl.close();
  }
}
