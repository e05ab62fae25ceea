// `maestro import contacts|intakes|people <file.csv>`: a studio's spreadsheets into Maestro, matched by email, with a
// per-row report, a dry run that writes nothing, and progress on long files.
import type { Knex } from "knex";
import { migrateLatest } from "../../db/migrate.ts";
import { systemActor, type Actor } from "../../domain/actor.ts";
import { systemClock } from "../../domain/clock.ts";
import { findUserByEmail } from "../../domain/users/user-store.ts";
import { ImportFileError } from "../../import/import-error.ts";
import { IMPORT_KINDS, KINDS, type ImportKindName } from "../../import/import-kinds.ts";
import { createProgress } from "../../import/import-progress.ts";
import { openReportFile, outcomeLine, summaryLines, terminalRows } from "../../import/import-report.ts";
import { checkImportFile, runImport } from "../../import/run-import.ts";
import { parseCommandArgs, UsageError, withDatabase, type Command } from "../command.ts";

const columnsHelp = IMPORT_KINDS.map(
  (kind) => `  ${kind}: ${KINDS[kind].columns.map((c) => (c.required ? `${c.key}*` : c.key)).join(", ")}`,
).join("\n");

/** The person named in the audit log: --by's user, else the system acting through the CLI. */
async function importingActor(db: Knex, email: string | undefined): Promise<Actor> {
  if (!email) return systemActor("cli");
  const user = await findUserByEmail(db, email);
  if (!user) throw new UsageError(`--by ${email}: nobody in Maestro has that email.`);
  return { type: "USER", userId: user.id, name: user.name, path: "cli" };
}

function hiddenRowsLine(hidden: { changes: number; refusals: number }, report: string | undefined): string | null {
  if (!hidden.changes && !hidden.refusals) return null;
  const where = report ? `in ${report}` : "with --report <file> (or --verbose)";
  const what = [
    hidden.refusals ? `${hidden.refusals} more refused` : "",
    hidden.changes ? `${hidden.changes} more created or updated` : "",
  ];
  return `… ${what.filter(Boolean).join(" and ")} rows: every row is ${where}.`;
}

export const importCommand: Command = {
  usage:
    "maestro import contacts|intakes|people <file.csv> [--dry-run] [--report <out.csv>] [--fire-rules] [--grant-admin] [--by <email>] [--verbose]\n\n" +
    "Rows are matched by email: a second run of the same file changes nothing. Empty cells leave a field as it is.\n" +
    "  --dry-run      read and check everything, write nothing; the report says what a real run would do\n" +
    "  --report FILE  write every row's outcome (row, outcome, email, id, fields, reason) to a CSV file\n" +
    "  --fire-rules   emit ContactCreated / IntakeCreated so workflow rules run for each new row (off: an import of\n" +
    "                 old enquiries must not email every past prospect)\n" +
    "  --grant-admin  let a people file grant ADMIN (refused per row otherwise)\n" +
    "  --by EMAIL     the person running the import, named in the audit log (default: the system, via the CLI)\n" +
    "  --verbose      print every row, not only refusals and the first changes\n\n" +
    `Columns (* required; headers are matched whatever their case, spacing or common alias):\n${columnsHelp}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        "dry-run": { type: "boolean", default: false },
        report: { type: "string" },
        "fire-rules": { type: "boolean", default: false },
        "grant-admin": { type: "boolean", default: false },
        by: { type: "string" },
        verbose: { type: "boolean", default: false },
        "batch-size": { type: "string" },
      },
      true,
    );
    const [kind, file, ...extra] = positionals;
    if (!kind || !IMPORT_KINDS.includes(kind as ImportKindName))
      throw new UsageError(`Say what the file holds: ${IMPORT_KINDS.join(", ")}.`);
    if (!file || extra.length) throw new UsageError("Give exactly one CSV file.");
    const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
      throw new UsageError("--batch-size takes a positive whole number.");
    const dryRun = values["dry-run"];
    try {
      await checkImportFile(kind as ImportKindName, file);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      io.err(error.message);
      return 1;
    }
    return withDatabase(async (db) => {
      await migrateLatest(db.knex);
      const actor = await importingActor(db.knex, values.by);
      const report = values.report ? await openReportFile(values.report) : null;
      const shown = terminalRows({ verbose: values.verbose });
      const progress = createProgress({ tty: process.stderr.isTTY ? process.stderr : null, line: (text) => io.err(text) });
      try {
        const summary = await runImport(db.knex, {
          kind: kind as ImportKindName,
          file,
          dryRun,
          fireRules: values["fire-rules"],
          grantAdmin: values["grant-admin"],
          actor,
          clock: systemClock,
          batchSize,
          onBatch: async (outcomes) => {
            const lines = outcomes.filter((o) => shown.shown(o)).map((o) => outcomeLine(o, dryRun));
            if (lines.length) {
              progress.finish();
              for (const line of lines) io.out(line);
            }
            await report?.rows(outcomes, dryRun);
          },
          onProgress: (p) => progress.update(p),
        });
        progress.finish();
        const hidden = hiddenRowsLine(shown.hidden, values.report);
        if (hidden) io.out(hidden);
        for (const line of summaryLines(summary, kind, process.resourceUsage().maxRSS * 1024)) io.out(line);
        return summary.counts.refused ? 1 : 0;
      } catch (error) {
        progress.finish();
        if (error instanceof ImportFileError) {
          io.err(error.message);
          return 1;
        }
        throw error;
      } finally {
        await report?.close();
      }
    });
  },
};
