// Local dates and midnights in an IANA time zone, without a date library.
import { HOUR_MS } from "./clock.ts";

// Building an Intl.DateTimeFormat costs far more than using one (tens of µs, and these run on every request that
// counts "today"), so one of each kind is kept per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = make()));
  return format;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const parts = cached(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }),
  ).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const format = cached(
    clockFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }),
  );
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time happens (the earlier one if a DST change repeats it). */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  guess = wall - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The start of the local day containing `at`. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  return zonedTime(localDate(at, timeZone), "00:00", timeZone);
}

/** The start of the next local day after `at`. */
export function startOfNextLocalDay(at: Date, timeZone: string): Date {
  const start = startOfLocalDay(at, timeZone);
  return startOfLocalDay(new Date(start.getTime() + 36 * HOUR_MS), timeZone);
}
