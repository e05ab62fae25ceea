// Keeps a turn's conversation lease alive while the turn runs (invariant 9): renewed every third of the lease, so the
// lease only expires when its holder is dead or cut off from the database for longer than the lease.
import type { Runtime } from "./runtime.ts";
import { renewTurnLease } from "./stores/conversation-store.ts";

/** The holder lost its lease to the recovery sweep or a newer turn: it stops without writing more of the run. */
export class LeaseLostError extends Error {
  constructor(readonly conversationId: number) {
    super(`the turn lease of conversation ${conversationId} was taken over`);
  }
}

export interface LeaseKeeper {
  /** Throws LeaseLostError once a renewal found the lease taken over; called before each step writes. */
  check(): void;
  stop(): void;
}

/** Renews `token`'s lease on the conversation until stopped. A failed renewal (database away) is retried next beat. */
export function keepLease(rt: Runtime, conversationId: number, token: string): LeaseKeeper {
  let lost = false;
  let renewing = false;
  const beat = async () => {
    if (renewing || lost) return;
    renewing = true;
    try {
      const until = new Date(rt.clock.now().getTime() + rt.limits.turnLeaseMs);
      if (!(await renewTurnLease(rt.db, conversationId, token, until))) {
        lost = true;
        rt.logger.warn({ conversationId }, "agent.lease.lost");
      }
    } catch (error) {
      rt.logger.warn({ err: error, conversationId }, "agent.lease.renew_failed");
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(() => void beat(), Math.max(20, Math.floor(rt.limits.turnLeaseMs / 3)));
  timer.unref();
  return {
    check() {
      if (lost) throw new LeaseLostError(conversationId);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** Runs `work` with the lease kept alive, stopping the heartbeat however it ends. */
export async function withLease<T>(
  rt: Runtime,
  conversationId: number,
  token: string,
  work: (lease: LeaseKeeper) => Promise<T>,
): Promise<T> {
  const lease = keepLease(rt, conversationId, token);
  try {
    return await work(lease);
  } finally {
    lease.stop();
  }
}
