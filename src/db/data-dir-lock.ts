// Guards an embedded database directory with an OS-level lock, so a second process — or a second container on the
// same volume — fails clearly instead of losing writes.
//
// The lock is a POSIX open-file-description lock (fcntl F_OFD_SETLK on Linux, via fs-native-extensions) on the file
// `<dataDir>.lock`. The kernel holds it, not a pid: containers sharing one volume share the inode and so the lock,
// whatever pid each process has in its own namespace, and a process that dies (kill -9, OOM) releases it at once —
// nothing goes stale, nothing waits for a timeout. The file's text only names the holder, for the error message.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    /** Who holds it, as the holder wrote it ("pid 12 on host web-1 since …"), or "this process". */
    readonly holder: string,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in ${holder === "this process" ? "this Maestro process" : `another Maestro process (${holder})`}. ` +
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

interface FileLocks {
  /** An exclusive lock on the whole file; false when another open file description holds it. */
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
}

let fileLocks: FileLocks | undefined;
/** The native addon (prebuilt for linux, darwin and win32 on x64 and arm64), loaded only when an embedded database opens. */
function locks(): FileLocks {
  fileLocks ??= createRequire(import.meta.url)("fs-native-extensions") as FileLocks;
  return fileLocks;
}

/** Lock files this process holds: a second open here gets a clearer message than "another process". */
const heldByThisProcess = new Set<string>();

function describeHolder(text: string): string {
  try {
    const h = JSON.parse(text) as { pid?: number; host?: string; since?: string };
    if (h.pid && h.host) return `pid ${h.pid} on host ${h.host}${h.since ? ` since ${h.since}` : ""}`;
  } catch {
    // an older pid-only file, or one being rewritten
  }
  return "holder unknown";
}

/** Locks `<dataDir>.lock`; returns a release function. Throws DataDirInUseError when another process holds it. */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  if (heldByThisProcess.has(lockPath)) throw new DataDirInUseError(dataDir, "this process");
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  // Read-append: an exclusive lock needs a writable descriptor, and opening must not truncate the holder's text.
  const fd = fs.openSync(lockPath, "a+");
  let granted: boolean;
  try {
    granted = locks().tryLock(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  if (!granted) {
    const holder = fs.readFileSync(lockPath, "utf8");
    fs.closeSync(fd);
    throw new DataDirInUseError(dataDir, describeHolder(holder));
  }
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
  heldByThisProcess.add(lockPath);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldByThisProcess.delete(lockPath);
    // The file stays: removing it would let a process that opened it before the unlink lock an orphaned inode
    // while a newcomer locks a fresh one. Emptied, it says nobody holds it.
    fs.ftruncateSync(fd, 0);
    locks().unlock(fd);
    fs.closeSync(fd);
  };
}
