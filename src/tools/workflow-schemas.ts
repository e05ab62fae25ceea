// What the workflow tools share: the rule id and event type inputs, and stored JSON clipped to fit a result.
import { z } from "zod";
import { entityId, truncate } from "./schema-helpers.ts";

export const ruleId = entityId("workflow rule", "from list_workflow_rules");
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]*$/;
export const eventType = z
  .string()
  .min(1)
  .max(100)
  .regex(EVENT_TYPE, { message: "must be an event type name such as RoleApproved or TriageTicket (letters, digits, _ and .)" });

/** Stored JSON made fit for a result: long text cut, long lists and objects shortened, deep nesting elided. */
export function clipJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return truncate(value, 500);
  if (value === null || typeof value !== "object") return value;
  if (depth >= 5) return "[nested data omitted]";
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((v) => clipJson(v, depth + 1));
    return value.length > 20 ? [...items, `… ${value.length - 20} more items`] : items;
  }
  const entries = Object.entries(value);
  const kept = Object.fromEntries(entries.slice(0, 30).map(([k, v]) => [k, clipJson(v, depth + 1)]));
  return entries.length > 30 ? { ...kept, "…": `${entries.length - 30} more keys` } : kept;
}

/** A rule as results name it. */
export const rule = (id: number | null, name: string | null) => ({ id, name });
