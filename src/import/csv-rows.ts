// Streams a CSV file's records with csv-parse: the header first, then one record at a time, so a 100k-row file never
// sits in memory. BOM, CRLF, quoted commas and line breaks, and a semicolon or tab delimiter are handled.
import fs from "node:fs";
import { pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { ImportFileError } from "./import-error.ts";
import { sniffFile } from "./sniff-file.ts";

export interface CsvRecord {
  /** The row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  cells: string[];
}

export interface CsvReader {
  header: string[];
  records: AsyncIterable<CsvRecord>;
  /** Bytes read from the file so far, for the progress bar. */
  bytesRead(): number;
  totalBytes: number;
  /** Stops reading (after an error elsewhere); safe to call twice. */
  close(): void;
}

const notValid = (file: string, error: unknown) =>
  error instanceof CsvError
    ? new ImportFileError(`${file} is not valid CSV near line ${(error as CsvError & { lines?: number }).lines ?? "?"}: ${error.message}`)
    : error;

export async function openCsv(file: string): Promise<CsvReader> {
  const { delimiter, totalBytes } = await sniffFile(file);
  const source = fs.createReadStream(file);
  let bytes = 0;
  source.on("data", (chunk) => (bytes += chunk.length));
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: false, info: true });
  pipeline(source, parser, () => {}); // errors reach the iterator through the parser
  const iterator = (parser as AsyncIterable<{ record: string[]; info: { records: number } }>)[Symbol.asyncIterator]();
  let first: IteratorResult<{ record: string[] }>;
  try {
    first = await iterator.next();
  } catch (error) {
    parser.destroy();
    throw notValid(file, error);
  }
  if (first.done || first.value.record.every((cell) => !cell.trim())) {
    parser.destroy();
    throw new ImportFileError(`${file} has no header row: the first line must name the columns.`);
  }
  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield { row: next.value.info.records, cells: next.value.record };
      }
    } catch (error) {
      throw notValid(file, error);
    } finally {
      parser.destroy();
    }
  }
  return { header: first.value.record, records: records(), bytesRead: () => bytes, totalBytes, close: () => parser.destroy() };
}
