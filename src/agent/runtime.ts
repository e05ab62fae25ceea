// The agent's resolved dependencies and the small helpers every part of the loop shares.
import crypto from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import type { Decision, ToolContext } from "../tools/tool.ts";
import { DEFAULT_LIMITS, type AgentDeps, type AgentLimits, type AgentUser } from "./agent-types.ts";

export interface Runtime extends AgentDeps {
  limits: AgentLimits;
  sleep: (ms: number) => Promise<void>;
  /** The runs this process is running, by id: a Stop asked here aborts at once (others see it by polling). */
  stops: Map<string, AbortController>;
}

export function createRuntime(deps: AgentDeps): Runtime {
  return {
    ...deps,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    stops: new Map(),
  };
}

/** The model acting for a human in a run. */
export const agentActor = (user: Pick<AgentUser, "id" | "name" | "slackUserId">, runId: string): Actor => ({
  type: "AGENT",
  userId: user.id,
  name: user.name,
  path: "agent",
  runId,
  slackUserId: user.slackUserId ?? null,
});

/** A human deciding on a card (or from the CLI). */
export const deciderActor = (
  user: Pick<AgentUser, "id" | "name" | "slackUserId">,
  path: "button" | "cli" | "console",
  runId: string | null,
): Actor => ({
  type: "USER",
  userId: user.id,
  name: user.name,
  path,
  runId,
  slackUserId: user.slackUserId ?? null,
});

export function toolContextFor(rt: Runtime, actor: Actor, decision?: Decision): ToolContext {
  return { db: rt.db, engine: rt.engine, clock: rt.clock, config: rt.config, actor, decision };
}

export { canonicalJson } from "../tools/canonical-json.ts";

export const hashArgs = (canonical: string) => crypto.createHash("sha256").update(canonical).digest("hex");
