// Runs a catalogue tool by name for callers that are not the model (slash commands, buttons, the Home tab, the digest):
// the same validation, gate and error handling as a model call, with the tool's own input and result types.
import type { Logger } from "../logger.ts";
import type { ToolInput, ToolName, ToolOutput } from "./catalogue.ts";
import { executeTool, type ToolOutcome } from "./execute.ts";
import type { ToolRegistry } from "./registry.ts";
import type { ToolContext } from "./tool.ts";

export type ToolOutcomeOf<N extends ToolName> = ToolOutcome<ToolOutput<N>>;

export async function runTool<N extends ToolName>(
  registry: ToolRegistry,
  name: N,
  input: ToolInput<N>,
  ctx: ToolContext,
  logger?: Logger,
): Promise<ToolOutcomeOf<N>> {
  const outcome = await executeTool(registry, name, input, ctx, logger);
  // The one place a result meets its type: the registry holds tools uniformly, and the tool registered under a
  // catalogue name is that catalogue tool, whose `run` returned this result.
  return outcome as ToolOutcomeOf<N>;
}
