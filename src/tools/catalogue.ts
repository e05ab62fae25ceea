// The 22 tools of seed 001 §5, once: the registry every surface uses.
import { bookingTools } from "./booking-tools.ts";
import { diagnosticsTools } from "./diagnostics-tools.ts";
import { intakeTools } from "./intake-tools.ts";
import { marketingTools } from "./marketing-tools.ts";
import { roleTools } from "./role-tools.ts";
import { workflowTools } from "./workflow-tools.ts";
import { createRegistry, type ToolRegistry } from "./registry.ts";
import type { Tool } from "./tool.ts";

export const CATALOGUE: readonly Tool[] = [
  ...intakeTools,
  ...roleTools,
  ...bookingTools,
  ...workflowTools,
  ...marketingTools,
  ...diagnosticsTools,
];

export function createCatalogueRegistry(): ToolRegistry {
  return createRegistry(CATALOGUE);
}
