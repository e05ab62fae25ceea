// The import suite: `maestro import contacts` of generated spreadsheets (10k and 100k rows) as a child process, on
// PostgreSQL (the runner's scratch database) and on a new embedded data directory: rows a second and peak memory. The
// two sizes side by side show whether memory grows with the file (it must not: the rows are streamed in batches).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresUrlOf } from "../bench-maestro.ts";
import type { Metric } from "../results.ts";
import { byMode, valueMetric, type BenchSuite } from "../suite.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const SOURCES = ["website", "walk-in", "instagram", "referral", null];
const STATUSES = ["NEW", "CONTACTED", "QUALIFIED", "ACTIVE", "CHURNED"];

/** A spreadsheet export as studios send them: BOM, CRLF, a quoted comma now and then, an extra column. */
function writeContactsCsv(file: string, rows: number, prefix: string): void {
  const fd = fs.openSync(file, "w");
  try {
    let chunk = "\uFEFFE-mail,Full name,Status,Lead source,Phone\r\n";
    for (let i = 0; i < rows; i++) {
      const name = i % 7 === 0 ? `"Reyes, Dana ${i}"` : `Person ${i}`;
      chunk += `${prefix}${i}@example.com,${name},${STATUSES[i % STATUSES.length]},${SOURCES[i % SOURCES.length] ?? ""},+1 555 ${String(i).padStart(7, "0")}\r\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = "";
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

interface ImportFigures {
  seconds: number;
  rowsPerSecond: number;
  rssMb: number;
  heapMb: number;
  summary: string;
}

/** Runs `maestro import contacts <file>` as a person would, with only the settings given; reads its summary line. */
function runImportChild(file: string, env: Record<string, string>): Promise<ImportFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/maestro.js", "import", "contacts", file], {
      cwd: REPO,
      // Only the settings given (blank ones set, so a .env cannot fill them in).
      env: { LOG_LEVEL: "warn", DATABASE_URL: "", MAESTRO_DATA_DIR: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const m = /([\d.]+) s, ([\d,]+) rows\/s; peak memory: RSS (\d+) MB, heap (\d+) MB/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`maestro import exited ${code}: ${(err || out).slice(-2000)}`));
      const summary = out.split("\n").find((l) => l.startsWith("Imported")) ?? "";
      resolve({
        seconds: Number(m[1]),
        rowsPerSecond: Number(m[2]!.replaceAll(",", "")),
        rssMb: Number(m[3]),
        heapMb: Number(m[4]),
        summary,
      });
    });
  });
}

export const importSuite: BenchSuite = {
  name: "import",
  summary: "maestro import contacts of generated 10k and 100k-row CSV files on PostgreSQL and embedded: rows/s, peak RSS and heap",
  async run(ctx) {
    const sizes = byMode(ctx.mode, { full: [10_000, 100_000], quick: [2_000, 20_000], tiny: [200] });
    const scratch = await ctx.scratch();
    const databaseUrl = postgresUrlOf(scratch);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maestro-bench-import-"));
    const metrics: Metric[] = [];
    const notes: string[] = [];
    try {
      for (const rows of sizes) {
        const engines = [
          ...(databaseUrl ? [["postgres", { DATABASE_URL: databaseUrl }] as const] : []),
          ["embedded", { MAESTRO_DATA_DIR: path.join(dir, `pgdata-${rows}`) }] as const,
        ];
        for (const [engine, env] of engines) {
          const file = path.join(dir, `contacts-${engine}-${rows}.csv`);
          writeContactsCsv(file, rows, `bench-${engine}-${rows}-${Date.now()}-`);
          ctx.log(`import: ${rows.toLocaleString("en-US")} contacts on ${engine}…`);
          const f = await runImportChild(file, env);
          const label = `${engine} ${rows / 1000}k rows`;
          metrics.push(
            valueMetric(
              `${label} · rows/s`,
              "rows/s",
              f.rowsPerSecond,
              null,
              null,
              `${f.seconds} s of import (the database opened and migrated before the clock starts)`,
            ),
          );
          metrics.push(
            valueMetric(
              `${label} · peak RSS`,
              "MB",
              f.rssMb,
              null,
              null,
              "the process's maxRSS (the embedded engine's WASM PostgreSQL included)",
            ),
          );
          metrics.push(
            valueMetric(`${label} · heap high-water`, "MB", f.heapMb, null, null, "V8 heap in use, sampled after every batch of 500"),
          );
          notes.push(`${label}: ${f.summary}`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return { metrics, notes };
  },
};
