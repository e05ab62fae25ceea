// Runs every recovery sweep of the registry: once when a process starts listening and then on a schedule, so a
// state whose owner died is taken over by whichever replica looks first (each sweep is safe to run concurrently).
import type { Job } from "../scheduler/jobs.ts";
import { DURABLE_STATES, sweepsOf, type DurableState } from "./durable-states.ts";
import type { RecoveryContext } from "./sweep.ts";

/** Every 30 s, off the other jobs' seconds: a dead turn's conversation is taken over within its lease plus this. */
export const RECOVERY_CRON = "20,50 * * * * *";

/** Runs each sweep once, in order; a failing sweep is logged and the others still run. Returns what each took over. */
export async function runRecovery(
  context: RecoveryContext,
  states: readonly DurableState[] = DURABLE_STATES,
): Promise<Record<string, number>> {
  const { logger } = context.surface;
  const counts: Record<string, number> = {};
  for (const sweep of sweepsOf(states)) {
    try {
      counts[sweep.name] = await sweep.run(context);
      if (counts[sweep.name]) logger.info({ sweep: sweep.name, recovered: counts[sweep.name] }, "recovery.sweep.end");
    } catch (error) {
      logger.error({ err: error, sweep: sweep.name }, "recovery.sweep.failed");
    }
  }
  return counts;
}

export const recoveryJob = (context: RecoveryContext): Job => ({ name: "recovery", cron: RECOVERY_CRON, run: () => runRecovery(context) });
