// Another process holding an embedded database directory's lock (through tsx, as `maestro` runs), for lock tests.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const LOCK_MODULE = fileURLToPath(new URL("../db/data-dir-lock.ts", import.meta.url));

export interface Holder {
  pid: number;
  /** Ends the holder (SIGKILL by default: no release code runs) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Resolves once the other process holds the lock of `dataDir`. */
export async function holdDataDirInAnotherProcess(dataDir: string): Promise<Holder> {
  const script = path.join(os.tmpdir(), `maestro-holder-${crypto.randomUUID()}.mts`);
  fs.writeFileSync(
    script,
    `import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)};\nlockDataDir(${JSON.stringify(dataDir)});\nconsole.log("locked");\nsetInterval(() => {}, 60_000);\n`,
  );
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      child.once("exit", (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
    });
  } finally {
    fs.rmSync(script, { force: true });
  }
  return {
    pid: child.pid!,
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
  };
}
