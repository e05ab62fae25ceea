// The daily model budget: a warning past 80 %, no model calls at 100 % until the studio's next midnight.
import { spentSince } from "./stores/run-store.ts";
import { startOfLocalDay, startOfNextLocalDay } from "../domain/local-time.ts";
import type { Runtime } from "./runtime.ts";

export type BudgetState =
  | { state: "ok" }
  | { state: "warning"; spent: number; limit: number; notice: string }
  | { state: "exhausted"; spent: number; limit: number; resetsAt: Date; message: string };

export async function checkBudget(rt: Runtime): Promise<BudgetState> {
  const limit = rt.config.anthropic.dailyBudgetUsd;
  if (limit <= 0) return { state: "ok" };
  const now = rt.clock.now();
  const spent = await spentSince(rt.db, startOfLocalDay(now, rt.config.timeZone));
  const dollars = (n: number) => `$${n.toFixed(2)}`;
  if (spent >= limit) {
    const resetsAt = startOfNextLocalDay(now, rt.config.timeZone);
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: rt.config.timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(resetsAt);
    return {
      state: "exhausted",
      spent,
      limit,
      resetsAt,
      message: `Maestro has used today's model budget (${dollars(spent)} of ${dollars(limit)}), so I can't think through questions until it resets at ${local} (${rt.config.timeZone}). Slash commands like \`/maestro queue\` still work.`,
    };
  }
  if (spent >= 0.8 * limit) {
    return {
      state: "warning",
      spent,
      limit,
      notice: `Heads up: ${Math.round((spent / limit) * 100)}% of today's model budget (${dollars(limit)}) is used.`,
    };
  }
  return { state: "ok" };
}
