// The first bytes of a file, read before parsing: refuse what is not CSV (a workbook, a PDF, binary) with how to fix
// it, and guess the delimiter a spreadsheet used (comma; semicolon in many European locales; tab).
import fs from "node:fs/promises";
import { ImportFileError } from "./import-error.ts";

const SNIFF_BYTES = 64 * 1024;

/** Magic numbers of the files people send instead of a CSV, and what to do about them. */
const NOT_CSV: { magic: number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "an Excel or Numbers workbook (.xlsx, a zip)" },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel workbook (.xls)" },
  { magic: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { magic: [0x1f, 0x8b], what: "a gzip archive" },
];

const EXPORT_HINT = "In the spreadsheet choose File → Download (or Save as) → Comma-separated values (.csv), then import that file.";

export interface Sniffed {
  delimiter: string;
  totalBytes: number;
}

export async function sniffFile(file: string): Promise<Sniffed> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFileError(
      code === "ENOENT" ? `There is no file ${file}.` : `${file} cannot be read (${code ?? (error as Error).message}).`,
    );
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const known = NOT_CSV.find((k) => k.magic.every((byte, i) => head[i] === byte));
    if (known) throw new ImportFileError(`${file} is ${known.what}, not a CSV file. ${EXPORT_HINT}`);
    if (head.includes(0)) throw new ImportFileError(`${file} is not a CSV file: it holds binary data (or UTF-16 text). ${EXPORT_HINT}`);
    const text = head.toString("utf8").replace(/^\uFEFF/, "");
    if (!text.trim()) throw new ImportFileError(`${file} is empty: a CSV file starts with a header row naming its columns.`);
    return { delimiter: guessDelimiter(firstLine(text)), totalBytes: size };
  } finally {
    await handle.close();
  }
}

/** The header line, up to the first line break outside quotes. */
function firstLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) return text.slice(0, i);
  }
  return text;
}

/** The candidate that splits the header line most often, outside quotes; a comma when none does. */
export function guessDelimiter(header: string): string {
  const unquoted = header.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ",";
}
