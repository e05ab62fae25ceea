// A file an import cannot read at all (not CSV, no header, required columns missing): said before any row is written.
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}
