// Meters for the loop suites: time spent inside the model and inside tool handlers, and the loop's own
// statements, so what is left of a turn's wall time is the loop's overhead.
import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import type { AgentUser } from "../src/agent/agent-types.ts";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "../src/agent/model-client.ts";
import { liveRoles } from "../src/domain/users/user-store.ts";
import { CATALOGUE } from "../src/tools/catalogue.ts";
import { createRegistry, type ToolRegistry } from "../src/tools/registry.ts";
import type { Tool } from "../src/tools/tool.ts";

export interface Meter {
  modelMs: number;
  modelCalls: number;
  toolMs: number;
  /** Statements sent while no tool handler ran: the loop's own persistence. */
  loopStatements: number;
  inTool: boolean;
}

export const newMeter = (): Meter => ({ modelMs: 0, modelCalls: 0, toolMs: 0, loopStatements: 0, inTool: false });

/** Wraps a model so every call's time is added to the meter. */
export function meteredModel(inner: ModelClient, meter: Meter): ModelClient {
  return {
    async createMessage(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
      const started = performance.now();
      try {
        return await inner.createMessage(request, options);
      } finally {
        meter.modelMs += performance.now() - started;
        meter.modelCalls += 1;
      }
    },
  };
}

/** The real catalogue with every handler timed (names, schemas and effects unchanged, so the prompt is the same). */
export function meteredRegistry(meter: Meter): ToolRegistry {
  return createRegistry(
    CATALOGUE.map(
      (tool): Tool => ({
        ...tool,
        async run(args, ctx) {
          const started = performance.now();
          meter.inTool = true;
          try {
            return await tool.run(args, ctx);
          } finally {
            meter.inTool = false;
            meter.toolMs += performance.now() - started;
          }
        },
      }),
    ),
  );
}

/** Counts the statements the loop itself sends on `knex` (not those of tool handlers); returns the detach function. */
export function countLoopStatements(knex: Knex, meter: Meter): () => void {
  const listener = () => {
    if (!meter.inTool) meter.loopStatements += 1;
  };
  knex.on("query", listener);
  return () => knex.off("query", listener);
}

/** The first live ADMIN or STAFF user of the studio, as the agent sees a person. */
export async function staffUser(knex: Knex): Promise<AgentUser> {
  const row = await knex("users as u")
    .join("role_assignments as ra", "ra.user_id", "u.id")
    .join("roles as r", "r.id", "ra.role_id")
    .whereIn("r.name", ["ADMIN", "STAFF"])
    .whereNull("ra.revoked_at")
    .orderBy("u.id")
    .first<{ id: number; name: string; slack_user_id: string | null } | undefined>("u.id", "u.name", "u.slack_user_id");
  if (!row) throw new Error("the scratch studio has no staff user to talk to the agent as");
  return { id: row.id, name: row.name, roles: await liveRoles(knex, row.id), slackUserId: row.slack_user_id };
}
