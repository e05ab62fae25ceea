// Terminal styling for the console: ANSI when writing to a terminal, plain text otherwise; and the guards
// that keep text from the database (or the model) from driving the terminal.

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  code(text: string): string;
  strike(text: string): string;
  /** A primary button (Approve, Confirm). */
  primary(text: string): string;
  /** A danger button (Reject) and error notices. */
  danger(text: string): string;
}

const sgr = (on: number, off: number) => (text: string) => (text ? `\x1b[${on}m${text}\x1b[${off}m` : text);

// Bold and dim share the same "off" code (22): re-open dim after a bold inside a dimmed line ends.
const dim = (text: string) => (text ? `\x1b[2m${text.replaceAll("\x1b[22m", "\x1b[22m\x1b[2m")}\x1b[22m` : text);

export const ansiStyle: Style = {
  bold: sgr(1, 22),
  dim,
  italic: sgr(3, 23),
  code: sgr(36, 39),
  strike: sgr(9, 29),
  primary: sgr(32, 39),
  danger: sgr(31, 39),
};

const same = (text: string) => text;

export const plainStyle: Style = { bold: same, dim: same, italic: same, code: same, strike: same, primary: same, danger: same };

export const styleFor = (color: boolean): Style => (color ? ansiStyle : plainStyle);

// CSI/OSC sequences and lone escapes; enough for what this module and pino-pretty emit.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export const stripAnsi = (text: string): string => text.replace(ANSI, "");

// Control characters other than newline and tab: an intake's goals could carry "\x1b]52;…" or a cursor move.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Shows control characters from untrusted text as visible escapes instead of sending them to the terminal. */
export const sanitize = (text: string): string =>
  text.replace(/\r\n?/g, "\n").replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

/** Length as the terminal shows it (ANSI codes take no room). */
export const visibleLength = (text: string): number => stripAnsi(text).length;
