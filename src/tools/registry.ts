// The catalogue: every tool once, and the definitions the model sees, generated from the zod inputs.
import { z } from "zod";
import { isDynamicEffect, type Tool } from "./tool.ts";

/** The model-facing definition (Anthropic's tool shape, without importing the SDK here). */
export interface ModelToolDefinition {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export interface ToolRegistry {
  readonly tools: readonly Tool[];
  get(name: string): Tool | undefined;
  /** Byte-stable across calls and processes: sorted by name, no timestamps, so the prompt prefix caches. */
  modelDefinitions(): ModelToolDefinition[];
}

export function inputJsonSchema(tool: Tool): Record<string, unknown> {
  // io: "input" — fields with defaults are optional to the caller (output mode would mark them required).
  const schema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

export function createRegistry(tools: readonly Tool[]): ToolRegistry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Duplicate tool name ${tool.name}`);
    if (!/^[a-z]+(_[a-z]+)+$/.test(tool.name)) throw new Error(`Tool name ${tool.name} must be verb_noun snake case`);
    byName.set(tool.name, tool);
  }
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  let definitions: ModelToolDefinition[] | undefined;
  return {
    tools: sorted,
    get: (name) => byName.get(name),
    modelDefinitions: () =>
      (definitions ??= sorted.map((tool) => ({ name: tool.name, description: tool.description, input_schema: inputJsonSchema(tool) }))),
  };
}

/** The effect as the contract snapshot and `maestro tool --list` show it. */
export function describeEffect(tool: Tool): string {
  return isDynamicEffect(tool.effect) ? `depends: ${tool.effect.depends}` : tool.effect.effect;
}
