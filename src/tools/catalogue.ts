// The 22 tools of seed 001 §5, staff management (list_staff, grant_role, revoke_role) and the rule editors, once: the registry every surface uses, and each tool's input and result types by name.
import type { z } from "zod";
import { bookingTools } from "./booking-tools.ts";
import { diagnosticsTools } from "./diagnostics-tools.ts";
import { intakeTools } from "./intake-tools.ts";
import { marketingTools } from "./marketing-tools.ts";
import { roleTools } from "./role-tools.ts";
import { staffTools } from "./staff-tools.ts";
import { workflowRuleEditTools } from "./workflow-rule-edit-tools.ts";
import { workflowTools } from "./workflow-tools.ts";
import { createRegistry, type ToolRegistry } from "./registry.ts";
import type { Tool } from "./tool.ts";

const TYPED_CATALOGUE = [
  ...intakeTools,
  ...roleTools,
  ...staffTools,
  ...bookingTools,
  ...workflowTools,
  ...workflowRuleEditTools,
  ...marketingTools,
  ...diagnosticsTools,
];

/** Every tool, held uniformly (the registry, the contract snapshot, the evals iterate it). */
export const CATALOGUE: readonly Tool[] = TYPED_CATALOGUE;

type CatalogueTool = (typeof TYPED_CATALOGUE)[number];
export type ToolName = CatalogueTool["name"];
type ToolNamed<N extends ToolName> = Extract<CatalogueTool, { name: N }>;

/** What a caller passes: the zod input before defaults are applied (fields with defaults are optional). */
export type ToolInput<N extends ToolName> = z.input<ToolNamed<N>["input"]>;

/** What the tool's `run` returns: the result the model sees, and what builders render. */
export type ToolOutput<N extends ToolName> = Awaited<ReturnType<ToolNamed<N>["run"]>>;

export function createCatalogueRegistry(): ToolRegistry {
  return createRegistry(CATALOGUE);
}
