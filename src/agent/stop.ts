// Stop: a person ends the running turn of a conversation. The request is recorded on the run (any replica may be
// running it) and aborts at once when this process runs it; the running loop also polls its run for it. The loop
// stops only between steps or by aborting the model call: a tool's write is never cut inside its transaction.
import { findUser } from "../domain/users/user-store.ts";
import type { AgentUser } from "./agent-types.ts";
import type { Runtime } from "./runtime.ts";
import { recordStopRequest, runningRuns, runningRunsOf, stopRequestOf, type StopScope } from "./stores/stop-store.ts";

/** The abort reason of a stopped run: who asked (for the words the person reads and the run's record). */
export class StopRequestedError extends Error {
  constructor(readonly byName: string) {
    super(`stopped by ${byName}`);
    this.name = "StopRequestedError";
  }
}

export type StopResult =
  /** The request is recorded; the run ends at its next step boundary (at once for a model call) and says so. */
  { kind: "requested"; runId: string } | { kind: "idle"; text: string } | { kind: "forbidden"; text: string };

export const NOTHING_RUNNING = "Nothing is running here right now, so there is nothing to stop.";
export const NOT_YOURS = "Only the person who asked, or an admin, can stop this answer.";

/**
 * Asks the running turn in `scope` to stop, as `user`: the asker of that turn, or an admin. Without a thread (a slash
 * command) it looks at the channel's conversations, then at the person's own running answers anywhere.
 */
export async function requestStop(rt: Runtime, scope: StopScope, user: AgentUser): Promise<StopResult> {
  let runs = await runningRuns(rt.db, scope);
  if (!runs.length && scope.threadTs === undefined) runs = await runningRunsOf(rt.db, user.id);
  if (!runs.length) return { kind: "idle", text: NOTHING_RUNNING };
  const run = runs.find((r) => r.requested_by === user.id) ?? (user.roles.includes("ADMIN") ? runs[0] : undefined);
  if (!run) return { kind: "forbidden", text: NOT_YOURS };
  if (!(await recordStopRequest(rt.db, run.id, user.id, rt.clock.now()))) return { kind: "idle", text: NOTHING_RUNNING };
  rt.logger.info({ runId: run.id, by: user.id }, "agent.stop.requested");
  rt.stops.get(run.id)?.abort(new StopRequestedError(user.name));
  return { kind: "requested", runId: run.id };
}

/**
 * The signal a run's loop and model calls carry: aborted by a Stop asked in this process (the registry), or found by
 * polling the run's row every `stopPollMs` (a Stop asked on another replica). `clear()` ends both.
 */
export function watchStop(rt: Runtime, runId: string): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  rt.stops.set(runId, controller);
  let polling = false;
  const poll = async () => {
    if (polling || controller.signal.aborted) return;
    polling = true;
    try {
      const request = await stopRequestOf(rt.db, runId);
      if (!request || controller.signal.aborted) return;
      const by = request.by === null ? undefined : await findUser(rt.db, request.by);
      controller.abort(new StopRequestedError(by?.name ?? "someone"));
    } catch (error) {
      rt.logger.warn({ err: error, runId }, "agent.stop.poll_failed");
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), Math.max(20, rt.limits.stopPollMs));
  timer.unref();
  return {
    signal: controller.signal,
    clear() {
      clearInterval(timer);
      if (rt.stops.get(runId) === controller) rt.stops.delete(runId);
    },
  };
}

/** The Stop that aborted `signal`, if that is why it aborted. */
export const stopOf = (signal: AbortSignal | undefined): StopRequestedError | undefined =>
  signal?.aborted && signal.reason instanceof StopRequestedError ? signal.reason : undefined;
