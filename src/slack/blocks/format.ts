// Times in the studio time zone ("Tue 24 Nov, 10:00"), relative times ("3 days ago", "in 2 hours") and counts in words.
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../domain/clock.ts";

/** What every builder that shows a time needs: the studio's IANA zone and the moment "now" is. */
export interface TimeOptions {
  timeZone: string;
  now: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** A Date from a Date or an ISO string; null when absent or unparseable. */
export function toDate(at: Date | string | null | undefined): Date | null {
  if (at === null || at === undefined) return null;
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

const yearOf = (d: Date, timeZone: string) =>
  formatter(`y|${timeZone}`, () => new Intl.DateTimeFormat("en-GB", { year: "numeric", timeZone })).format(d);

/** "Tue 24 Nov, 10:00" in the studio zone; the year is added when it is not the current one. */
export function formatTime(at: Date | string | null | undefined, { timeZone, now }: TimeOptions): string {
  const d = toDate(at);
  if (!d) return "unknown time";
  const withYear = yearOf(d, timeZone) !== yearOf(now, timeZone);
  const f = formatter(
    `t|${timeZone}|${withYear}`,
    () =>
      new Intl.DateTimeFormat("en-GB", {
        weekday: "short",
        day: "numeric",
        month: "short",
        ...(withYear ? { year: "numeric" } : {}),
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone,
      }),
  );
  return f.format(d);
}

/** "10:00" in the studio zone. */
export function formatClock(at: Date | string | null | undefined, timeZone: string): string {
  const d = toDate(at);
  if (!d) return "??:??";
  return formatter(
    `c|${timeZone}`,
    () => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
  ).format(d);
}

/** "2026-11-24": the local calendar day, for grouping. */
export function dayKey(at: Date | string | null | undefined, timeZone: string): string {
  const d = toDate(at);
  if (!d) return "unknown";
  return formatter(
    `k|${timeZone}`,
    () => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }),
  ).format(d);
}

/** "Today · Tuesday 24 November", "Tomorrow · …", or just "Thursday 26 November". */
export function formatDay(at: Date | string | null | undefined, { timeZone, now }: TimeOptions): string {
  const d = toDate(at);
  if (!d) return "Unknown day";
  const label = formatter(
    `d|${timeZone}`,
    () => new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone }),
  ).format(d);
  const key = dayKey(d, timeZone);
  if (key === dayKey(now, timeZone)) return `Today · ${label}`;
  if (key === dayKey(new Date(now.getTime() + DAY_MS), timeZone)) return `Tomorrow · ${label}`;
  return label;
}

/** "1 day", "3 days". */
export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? word : many}`;

/** The largest whole unit of a duration: "3 days", "5 hours", "12 minutes", "under a minute". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE_MS) return "under a minute";
  if (abs < HOUR_MS) return plural(Math.floor(abs / MINUTE_MS), "minute");
  if (abs < DAY_MS) return plural(Math.floor(abs / HOUR_MS), "hour");
  if (abs < 365 * DAY_MS) return plural(Math.floor(abs / DAY_MS), "day");
  return plural(Math.floor(abs / (365 * DAY_MS)), "year");
}

/** How old something is: "3 days". */
export function age(at: Date | string | null | undefined, now: Date): string {
  const d = toDate(at);
  return d ? duration(now.getTime() - d.getTime()) : "unknown age";
}

/** "3 days ago", "in 2 hours", "just now". */
export function relative(at: Date | string | null | undefined, now: Date): string {
  const d = toDate(at);
  if (!d) return "at an unknown time";
  const ms = d.getTime() - now.getTime();
  if (Math.abs(ms) < MINUTE_MS) return "just now";
  return ms < 0 ? `${duration(ms)} ago` : `in ${duration(ms)}`;
}

/** "3 days ago (Sat 21 Nov, 15:00)". */
export const timeAndRelative = (at: Date | string | null | undefined, opts: TimeOptions): string =>
  `${relative(at, opts.now)} (${formatTime(at, opts)})`;

/** "42 ms", "1.2 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "45.5%", or "—" when the rate is undefined (null: nothing to divide by). */
export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : `${Math.round(value * 10) / 10}%`;

/** "+3", "−2", "±0", or "" when unknown. */
export function signed(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined) return "";
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return `±0${unit}`;
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded)}${unit}`;
}
