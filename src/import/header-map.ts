// Reads a file's header forgivingly (case, spaces, punctuation and common aliases such as "E-mail" or "Full name") and
// names every missing required column at once, before any row is read.
import { ImportFileError } from "./import-error.ts";

export interface ColumnSpec {
  /** The canonical name, as the README lists it. */
  key: string;
  /** Other headers meaning the same, written as people write them ("E-mail address"); matched normalized. */
  aliases: readonly string[];
  required: boolean;
  /** What goes in the column, for the usage text and the README. */
  describe: string;
  /** When the column is absent, the value may be built from these columns joined by a space (first + last name). */
  joinOf?: readonly (readonly string[])[];
}

export interface HeaderMapping {
  /** The file's column index(es) for each canonical key found. */
  columns: Map<string, number[]>;
  /** Headers no column reads, as written in the file. */
  ignored: string[];
  width: number;
}

/** "E-mail Address " → "emailaddress": case, spaces and punctuation do not matter. */
export const normalizeHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

export function mapHeader(header: readonly string[], specs: readonly ColumnSpec[], kind: string): HeaderMapping {
  const normalized = header.map(normalizeHeader);
  const used = new Set<number>();
  const find = (names: readonly string[]) => {
    const wanted = names.map(normalizeHeader);
    const index = normalized.findIndex((h, i) => !used.has(i) && wanted.includes(h));
    return index < 0 ? undefined : index;
  };
  const columns = new Map<string, number[]>();
  const missing: ColumnSpec[] = [];
  for (const spec of specs) {
    const direct = find([spec.key, ...spec.aliases]);
    if (direct !== undefined) {
      used.add(direct);
      columns.set(spec.key, [direct]);
      continue;
    }
    const parts = spec.joinOf?.map(find);
    if (parts?.length && parts.every((p) => p !== undefined)) {
      for (const p of parts) used.add(p!);
      columns.set(spec.key, parts as number[]);
    } else if (spec.required) missing.push(spec);
  }
  if (missing.length) {
    const names = missing.map(
      (m) =>
        `"${m.key}" (${m.describe}${
          m.aliases.length
            ? `; also read as ${m.aliases
                .slice(0, 3)
                .map((a) => `"${a}"`)
                .join(", ")}`
            : ""
        })`,
    );
    const found = header.map((h) => `"${h.replace(/^\uFEFF/, "")}"`).join(", ");
    throw new ImportFileError(
      `The file lacks ${missing.length === 1 ? "a required column" : `${missing.length} required columns`} for ${kind}: ${names.join("; ")}. ` +
        `Its header row has: ${found || "nothing"}. Nothing was imported.`,
    );
  }
  const ignored = header.filter((h, i) => !used.has(i) && h.trim() !== "").map((h) => h.replace(/^\uFEFF/, ""));
  return { columns, ignored, width: header.length };
}

/** The row's cells by canonical key: trimmed, an empty cell is null (it leaves a field as it is). */
export function cellsOf(record: readonly string[], mapping: HeaderMapping): Record<string, string | null> {
  const cells: Record<string, string | null> = {};
  for (const [key, indexes] of mapping.columns) {
    const value = indexes
      .map((i) => (record[i] ?? "").trim())
      .filter(Boolean)
      .join(" ");
    cells[key] = value === "" ? null : value;
  }
  return cells;
}
