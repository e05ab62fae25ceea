// `maestro seed`: fills the database with the demo studio (--demo) or a large studio for benchmarks (--large).
import { migrateLatest } from "../../db/migrate.ts";
import type { SeedSummary } from "../../seed/count-rows.ts";
import { DEFAULT_ADMIN_SLACK_ID } from "../../seed/demo-cast.ts";
import { seedDemo } from "../../seed/demo.ts";
import { UsageError, importFromCheckout, parseCommandArgs, withDatabase, type CliIO, type Command } from "../command.ts";

function printSummary(io: CliIO, summary: SeedSummary): void {
  const width = Math.max(...Object.keys(summary).map((t) => t.length));
  for (const [table, rows] of Object.entries(summary)) io.out(`  ${table.padEnd(width)}  ${rows.toLocaleString("en-US").padStart(9)}`);
}

export const seedCommand: Command = {
  usage:
    "maestro seed --demo | --large [--reset] [--scale N]\n\n" +
    "  --demo     a small, believable ceramics studio (embedded engine or PostgreSQL)\n" +
    "  --large    a two-year-old studio with ~1M feed events (PostgreSQL only: set DATABASE_URL)\n" +
    "  --reset    wipe every studio and bot table first (refused otherwise when data exists)\n" +
    "  --scale N  multiply the large studio's row counts (default 1)",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      demo: { type: "boolean", default: false },
      large: { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      scale: { type: "string" },
    });
    if (values.demo === values.large) {
      throw new UsageError("Choose one of --demo (a small believable studio) or --large (a big one for benchmarks).");
    }
    let scale: number | undefined;
    if (values.scale !== undefined) {
      if (!values.large) throw new UsageError("--scale applies to --large only.");
      scale = Number(values.scale);
      if (!Number.isFinite(scale) || scale <= 0)
        throw new UsageError(`--scale must be a positive number such as 0.1, not "${values.scale}".`);
    }

    // The large studio is bench tooling (bench/seed/): loaded only for --large, and absent from the container image.
    const large = values.large ? await importFromCheckout(() => import("../../../bench/seed/large.ts")) : null;
    if (large === undefined) {
      io.err("`maestro seed --large` needs the bench/ directory of a Maestro checkout (it is not in the container image).");
      return 2;
    }

    return withDatabase(async (db, config) => {
      // A fresh database works too: bring the schema up to date first.
      const applied = await migrateLatest(db.knex);
      if (applied.length) io.out(`applied migrations: ${applied.join(", ")}`);
      if (large === null) {
        const summary = await seedDemo(db.knex, { adminSlackIds: config.adminSlackIds, timeZone: config.timeZone, reset: values.reset });
        io.out(`seeded the demo studio (Studio Ordo) into ${db.description}:`);
        printSummary(io, summary);
        if (!config.adminSlackIds.length) {
          io.out(
            `MAESTRO_ADMIN_SLACK_IDS is not set, so the owner's Slack id is ${DEFAULT_ADMIN_SLACK_ID}; set it to your own id to act as the owner.`,
          );
        }
        return 0;
      }
      await large.assertLargeSeedEngine(db.knex);
      io.out(`seeding the large studio${scale && scale !== 1 ? ` at scale ${scale}` : ""} into ${db.description}…`);
      const result = await large.seedLarge(db.knex, {
        scale,
        adminSlackIds: config.adminSlackIds,
        reset: values.reset,
        log: (line) => io.out(`  ${line}`),
      });
      io.out(`seeded the large studio in ${result.seconds.toFixed(1)} s:`);
      printSummary(io, result.summary);
      return 0;
    });
  },
};
