// Row counts of the studio tables: the summary a seed reports.
import type { Knex } from "knex";
import { STUDIO_TABLES } from "./reset-studio-data.ts";

/** Rows per studio table. */
export type SeedSummary = Record<string, number>;

/** Counts every studio table in one query (cast to int: pg returns count(*) as text, PGlite as a number). */
export async function countRows(db: Knex): Promise<SeedSummary> {
  const columns = STUDIO_TABLES.map((t) => `(select count(*)::int from "${t}") as "${t}"`).join(", ");
  const { rows } = (await db.raw(`select ${columns}`)) as { rows: SeedSummary[] };
  return rows[0]!;
}
