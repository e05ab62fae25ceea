// What the model sees of every tool — name, description, input schema, effect — pinned in a
// reviewed snapshot, so any change to the model-facing contract shows up in a diff.
import { describe, expect, it } from "vitest";
import { CATALOGUE, createCatalogueRegistry } from "./catalogue.ts";
import { describeEffect, inputJsonSchema } from "./registry.ts";
import { isDynamicEffect } from "./tool.ts";

const SEED_TOOLS = [
  "get_intake_queue",
  "get_intake_detail",
  "update_intake_status",
  "assign_intake",
  "add_intake_note",
  "list_role_requests",
  "approve_role_request",
  "reject_role_request",
  "list_bookings",
  "add_availability_slot",
  "cancel_availability_slot",
  "list_workflow_executions",
  "get_workflow_execution_detail",
  "list_workflow_rules",
  "toggle_workflow_rule",
  "trigger_test_workflow",
  "get_funnel_stats",
  "get_recent_activity",
  "get_contact_summary",
  "get_content_search_log",
  "run_health_check",
  "get_audit_log",
  // Staff management (issue 14: people from Slack).
  "list_staff",
  "grant_role",
  "revoke_role",
];

/** Issue 14: rules without SQL. */
const RULE_EDIT_TOOLS = ["create_workflow_rule", "update_workflow_rule"];

describe("the tool contract", () => {
  it("is exactly the 22 tools of seed 001 §5, staff management and the rule editors", () => {
    expect(CATALOGUE.map((t) => t.name).sort()).toEqual([...SEED_TOOLS, ...RULE_EDIT_TOOLS].sort());
  });

  it("matches the reviewed snapshot", async () => {
    const contract = createCatalogueRegistry().tools.map((tool) => ({
      name: tool.name,
      group: tool.group,
      effect: describeEffect(tool),
      reason: isDynamicEffect(tool.effect) ? null : tool.effect.reason,
      gated_preview: typeof tool.preview === "function",
      untrusted_fields: tool.untrusted ?? [],
      description: tool.description,
      input_schema: inputJsonSchema(tool),
    }));
    await expect(JSON.stringify(contract, null, 2) + "\n").toMatchFileSnapshot("./__snapshots__/tool-contract.json");
  });

  it("generates byte-identical, name-sorted definitions in every registry", () => {
    const a = JSON.stringify(createCatalogueRegistry().modelDefinitions());
    const b = JSON.stringify(createCatalogueRegistry().modelDefinitions());
    expect(a).toBe(b);
    const names = createCatalogueRegistry()
      .modelDefinitions()
      .map((d) => d.name);
    expect(names).toEqual([...names].sort());
  });

  it("gives every tool a real description, a strict object schema and described fields", () => {
    for (const tool of CATALOGUE) {
      expect(tool.description.length, tool.name).toBeGreaterThan(80);
      const schema = inputJsonSchema(tool) as {
        type: string;
        additionalProperties?: boolean;
        properties?: Record<string, { description?: string }>;
      };
      expect(schema.type, tool.name).toBe("object");
      expect(schema.additionalProperties, tool.name).toBe(false);
      for (const [field, spec] of Object.entries(schema.properties ?? {})) {
        expect(spec.description ?? (spec as { anyOf?: unknown }).anyOf, `${tool.name}.${field} has a description`).toBeTruthy();
      }
    }
  });

  it("declares a preview for every call that can be held: gated ones, and writes (held after an untrusted read)", () => {
    for (const tool of CATALOGUE) {
      const canBeGated = isDynamicEffect(tool.effect) || tool.effect.effect !== "read";
      expect(typeof tool.preview === "function", tool.name).toBe(canBeGated);
    }
  });

  it("declares a row lock for every call that can be gated, and every write whose card snapshots a row", () => {
    const heldWritesOnARow = ["assign_intake", "add_intake_note", "toggle_workflow_rule"];
    for (const tool of CATALOGUE) {
      const canBeGated = isDynamicEffect(tool.effect) || tool.effect.effect === "gated";
      expect(typeof tool.lock === "function", tool.name).toBe(canBeGated || heldWritesOnARow.includes(tool.name));
    }
  });
});
