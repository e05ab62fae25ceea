// Wall-clock times in the studio's time zone, so demo slots sit in studio hours and "today" is the studio's today.
import { localDate, zonedTime } from "../domain/local-time.ts";

/** The local calendar date `dayOffset` days from `now`'s local day (YYYY-MM-DD). */
function localDayFrom(now: Date, dayOffset: number, timeZone: string): string {
  const [y, m, d] = localDate(now, timeZone).split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + dayOffset)).toISOString().slice(0, 10);
}

/** The instant when the studio's clock shows hour:minute on the day `dayOffset` days from `now`'s local day. */
export function atLocalTime(now: Date, dayOffset: number, hour: number, minute: number, timeZone: string): Date {
  const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  return zonedTime(localDayFrom(now, dayOffset, timeZone), time, timeZone);
}

/** 0 = Sunday … 6 = Saturday, for the local day `dayOffset` days from `now`'s local day. */
export function localWeekday(now: Date, dayOffset: number, timeZone: string): number {
  return new Date(`${localDayFrom(now, dayOffset, timeZone)}T00:00:00Z`).getUTCDay();
}
