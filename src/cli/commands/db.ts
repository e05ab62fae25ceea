// `maestro db copy`: moves a studio's data between databases — the embedded one to PostgreSQL when it grows, or back.
import path from "node:path";
import { loadConfig } from "../../config.ts";
import { openDatabase, type Database } from "../../db/connect.ts";
import { copyDatabase } from "../../db/copy-database.ts";
import { migrateLatest, migrationStatus } from "../../db/migrate.ts";
import { systemActor } from "../../domain/actor.ts";
import { createCatalogueRegistry } from "../../tools/catalogue.ts";
import { executeTool } from "../../tools/execute.ts";
import { parseCommandArgs, UsageError, type CliIO, type Command } from "../command.ts";

/** The smoke run: the same read tools, at the same instant, must answer the same on both databases. */
const SMOKE_TOOLS: [name: string, args: Record<string, unknown>][] = [
  ["get_intake_queue", { limit: 50 }],
  ["list_role_requests", {}],
  ["list_workflow_rules", {}],
];

async function smoke(source: Database, target: Database, io: CliIO): Promise<boolean> {
  const registry = createCatalogueRegistry();
  const now = new Date();
  const config = loadConfig();
  const run = (db: Database, name: string, args: Record<string, unknown>) =>
    executeTool(registry, name, args, { db: db.knex, engine: db.engine, clock: { now: () => now }, config, actor: systemActor("cli") });
  let same = true;
  for (const [name, args] of SMOKE_TOOLS) {
    const [before, after] = [await run(source, name, args), await run(target, name, args)];
    const equal = before.ok && after.ok && JSON.stringify(before.result) === JSON.stringify(after.result);
    io.out(`smoke: ${name} ${equal ? "answers the same on both" : "DIFFERS between source and target"}`);
    same &&= equal;
  }
  return same;
}

async function schemaProblem(db: Database, role: string): Promise<string | undefined> {
  const status = await migrationStatus(db.knex);
  if (status.pending.length) return `the ${role} (${db.description}) lacks migrations: run \`maestro migrate\` on it first`;
  if (status.ahead.length)
    return `the ${role} (${db.description}) was migrated by a newer version (${status.ahead.join(", ")}): copy with that version`;
  return undefined;
}

export const dbCommand: Command = {
  usage:
    "maestro db copy (--to <postgres-url> | --to-data-dir <dir>) [--from <postgres-url> | --from-data-dir <dir>] [--replace]\n\n" +
    "Copies every studio and bot table from the source (default: the configured database — DATABASE_URL, else the\n" +
    "embedded one in MAESTRO_DATA_DIR) into the target, which it migrates first. One transaction on the target; a\n" +
    "target that holds data is refused unless --replace (which empties it in the same transaction). Stop Maestro first.\n" +
    "Prints row counts per table (verified equal before commit) and a smoke run of read tools on both.",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        to: { type: "string" },
        "to-data-dir": { type: "string" },
        from: { type: "string" },
        "from-data-dir": { type: "string" },
        replace: { type: "boolean", default: false },
      },
      true,
    );
    if (positionals.join(" ") !== "copy") throw new UsageError("The only db subcommand is `copy`.");
    if (!values.to === !values["to-data-dir"]) throw new UsageError("Give the target: --to <postgres-url> or --to-data-dir <dir>.");
    if (values.from && values["from-data-dir"]) throw new UsageError("Give at most one source: --from or --from-data-dir.");
    for (const url of [values.to, values.from]) {
      if (url && !/^postgres(ql)?:\/\//.test(url))
        throw new UsageError("--to and --from take a postgres:// URL (use --to-data-dir for an embedded directory).");
    }
    const config = loadConfig();
    const from = values.from || values["from-data-dir"] ? { url: values.from, dataDir: values["from-data-dir"] } : config.database;
    const to = { url: values.to, dataDir: values["to-data-dir"] };
    const same = from.url ? from.url === to.url : !to.url && path.resolve(from.dataDir!) === path.resolve(to.dataDir!);
    if (same) throw new UsageError("The source and the target are the same database.");

    const source = await openDatabase(from);
    try {
      const target = await openDatabase(to);
      try {
        const sourceProblem = await schemaProblem(source, "source");
        if (sourceProblem) return (io.err(`Nothing copied: ${sourceProblem}.`), 1);
        const applied = await migrateLatest(target.knex);
        if (applied.length) io.out(`migrated the target: ${applied.length} migration(s)`);
        const targetProblem = await schemaProblem(target, "target");
        if (targetProblem) return (io.err(`Nothing copied: ${targetProblem}.`), 1);
        io.out(`copying ${source.description} → ${target.description}`);
        const report = await copyDatabase(source.knex, target.knex, { replace: values.replace });
        const width = Math.max(...report.tables.map((t) => t.table.length));
        for (const t of report.tables)
          io.out(`  ${t.table.padEnd(width)}  ${String(t.source).padStart(7)} → ${String(t.target).padStart(7)}`);
        const rows = report.tables.reduce((sum, t) => sum + t.target, 0);
        io.out(`copied ${rows} rows in ${report.tables.length} tables (counts verified); ${report.sequences.length} sequences advanced`);
        return (await smoke(source, target, io)) ? 0 : 1;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  },
};
