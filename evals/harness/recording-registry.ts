// A tool registry that records every handler run (name, arguments, path, decision, outcome) while behaving as the one it wraps.
import type { ToolRegistry } from "../../src/tools/registry.ts";
import type { Tool } from "../../src/tools/tool.ts";
import type { ToolRun } from "./evidence.ts";

const RESULT_MAX = 600;

export function recordingRegistry(base: ToolRegistry, runs: ToolRun[], currentTurn: () => number): ToolRegistry {
  const wrap = (tool: Tool): Tool => ({
    ...tool,
    async run(args, ctx) {
      const run: ToolRun = {
        turn: currentTurn(),
        name: tool.name,
        args,
        path: ctx.actor.path,
        decision: ctx.decision?.via ?? null,
        ok: false,
      };
      runs.push(run);
      try {
        const result = await tool.run(args, ctx);
        run.ok = true;
        const text = JSON.stringify(result);
        run.result = text.length > RESULT_MAX ? `${text.slice(0, RESULT_MAX)}…` : text;
        return result;
      } catch (error) {
        run.error = error instanceof Error ? error.message : String(error);
        throw error;
      }
    },
  });
  const wrapped = new Map(base.tools.map((t) => [t.name, wrap(t)]));
  return {
    tools: base.tools.map((t) => wrapped.get(t.name)!),
    get: (name) => wrapped.get(name),
    // The same definitions as the wrapped registry, byte for byte: recordings and the prompt cache depend on it.
    modelDefinitions: () => base.modelDefinitions(),
  };
}
