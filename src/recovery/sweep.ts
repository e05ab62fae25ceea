// What a recovery sweep is: a named pass that takes over one durable state whose owner died, run at start-up and on
// the recovery schedule. Each sweep is safe to run on every replica at once (conditional updates, leases, SKIP LOCKED).
import type { WebClient } from "@slack/web-api";
import type { Surface } from "../slack/surface.ts";

/** What a sweep may use: the process's services and the Slack client that tells people what happened. */
export interface RecoveryContext {
  surface: Surface;
  client: WebClient;
}

export interface Sweep {
  /** Logged with what it took over (recovery.sweep.end). */
  name: string;
  /** Takes over what it finds abandoned; returns how many rows it moved on. */
  run(context: RecoveryContext): Promise<number>;
}
