// One set of type parsers for both engines: ids and counts as numbers, timestamps as Date, dates as text.
import pg from "pg";

export const PG_OIDS = { int8: 20, numeric: 1700, date: 1082, timestamptz: 1184, timestamp: 1114 } as const;

const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

/** For node-postgres: a per-connection `types` object, so the global pg.types stays untouched. */
export const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_OIDS.int8 || oid === PG_OIDS.numeric) return toNumber;
    if (oid === PG_OIDS.date) return keepText;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/** For PGlite: the `parsers` option of its constructor. */
export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [PG_OIDS.int8]: toNumber,
  [PG_OIDS.numeric]: toNumber,
  [PG_OIDS.date]: keepText,
};
