// When DIGEST_CRON falls on a local day in DIGEST_TZ, read by wall clock: what catch-up compares "now" with.
import { createTask, parse, type ScheduledTask } from "node-cron";
import { localDate, zonedTime } from "../domain/local-time.ts";

export interface DigestSchedule {
  cron: string;
  timeZone: string;
  /** The instants the cron names on a local date (YYYY-MM-DD), earliest first. */
  timesOn(date: string): Date[];
  /** The first scheduled instant of now's local day that is not in the future; null when none is due yet today. */
  dueToday(now: Date): Date | null;
}

// One never-started task per expression, used only for match(): evaluated in UTC, its fields read a
// wall-clock time directly. Cached because node-cron keeps every created task in a global registry.
const matchers = new Map<string, ScheduledTask>();
function wallClockMatcher(cron: string): ScheduledTask {
  let task = matchers.get(cron);
  if (!task) matchers.set(cron, (task = createTask(cron, () => undefined, { timezone: "UTC", name: `digest-schedule ${cron}` })));
  return task;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function digestSchedule(cron: string, timeZone: string): DigestSchedule {
  const fields = parse(cron);
  const matcher = wallClockMatcher(cron);
  // The catch-up check asks every 5 minutes: a day's answer is computed once.
  const memo = new Map<string, Date[]>();
  const timesOn = (date: string): Date[] => {
    let times = memo.get(date);
    if (!times) {
      if (memo.size > 31) memo.clear();
      memo.set(date, (times = computeTimesOn(date)));
    }
    return times.map((t) => new Date(t));
  };
  const computeTimesOn = (date: string): Date[] => {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const [h0, m0] = [fields.hour[0], fields.minute[0]];
    // The day fields (day of month, month, weekday, L, #) decide whether the date is scheduled at all.
    if (h0 === undefined || m0 === undefined || !matcher.match(new Date(Date.UTC(y, m - 1, d, h0, m0)))) return [];
    const out: Date[] = [];
    for (const hour of fields.hour) {
      for (const minute of fields.minute) {
        // zonedTime moves a wall time that a spring-forward skips past the gap (so the day is not lost, as
        // node-cron loses it) and gives one instant for a time an autumn change repeats (the one node-cron fires at).
        out.push(zonedTime(date, `${pad(hour)}:${pad(minute)}`, timeZone));
      }
    }
    return out.sort((a, b) => a.getTime() - b.getTime());
  };
  return {
    cron,
    timeZone,
    timesOn,
    dueToday(now) {
      return timesOn(localDate(now, timeZone)).find((t) => t.getTime() <= now.getTime()) ?? null;
    },
  };
}
