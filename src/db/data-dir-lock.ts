// Guards an embedded database directory so that a second process fails clearly instead of losing writes.
import fs from "node:fs";
import path from "node:path";

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in ${pid === process.pid ? "this" : "another"} Maestro process (pid ${pid}). ` +
        `Stop that process first (two processes on one embedded database lose writes), ` +
        `or set DATABASE_URL to share a PostgreSQL server.`,
    );
    this.name = "DataDirInUseError";
  }
}

/** True while a process with this pid runs on this machine (signal 0 only checks; EPERM means it exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Lock files this process holds. A lock file naming our own pid that is not in here was left by an
 * earlier process that had the same pid (containers reuse low pids), so it is stale. */
const heldByThisProcess = new Set<string>();

/** Takes the lock file next to `dataDir`; returns a release function. A lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  // A second open in the same process would be a second PGlite on one directory: as bad as a second process.
  if (heldByThisProcess.has(lockPath)) throw new DataDirInUseError(dataDir, process.pid);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      heldByThisProcess.add(lockPath);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldByThisProcess.delete(lockPath);
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dataDir}`);
}
