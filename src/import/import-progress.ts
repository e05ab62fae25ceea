// Progress on stderr while a long file imports: a bar redrawn in place on a terminal, else a plain line now and then
// (a log file or CI must not fill with carriage returns).
export interface ProgressSink {
  update(progress: { rows: number; bytesRead: number; totalBytes: number }): void;
  /** Clears the bar (a terminal) before the summary is printed. */
  finish(): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;
const LINE_EVERY_MS = 10_000;

const thousands = (n: number) => Math.round(n).toLocaleString("en-US");

export function createProgress(options: {
  /** A terminal to draw the bar on, or null for plain lines through `line`. */
  tty: { write(text: string): unknown; columns?: number } | null;
  line(text: string): void;
  now?: () => number;
}): ProgressSink {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let last = started;
  let drawn = false;
  return {
    update({ rows, bytesRead, totalBytes }) {
      const t = now();
      const share = totalBytes ? Math.min(1, bytesRead / totalBytes) : 0;
      const rate = rows / Math.max(0.001, (t - started) / 1000);
      if (options.tty) {
        if (t - last < REDRAW_MS && share < 1) return;
        const filled = Math.round(share * BAR_WIDTH);
        const bar = `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${thousands(rows)} rows  ${thousands(rate)} rows/s`;
        options.tty.write(`\r${bar.slice(0, (options.tty.columns ?? 80) - 1)}`);
        drawn = true;
      } else {
        if (t - last < LINE_EVERY_MS) return;
        options.line(`import: ${thousands(rows)} rows read (${Math.floor(share * 100)} % of the file), ${thousands(rate)} rows/s`);
      }
      last = t;
    },
    finish() {
      if (options.tty && drawn) options.tty.write(`\r${" ".repeat((options.tty.columns ?? 80) - 1)}\r`);
    },
  };
}
