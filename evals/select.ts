// Picks scenarios by --type, --category and --scenario, with errors that list what exists.
import { CATEGORIES, EVAL_TYPES, type Scenario } from "./scenario.ts";

export class SelectionError extends Error {}

export function selectScenarios(all: readonly Scenario[], filters: { type?: string; category?: string; scenario?: string }): Scenario[] {
  if (filters.type && !(EVAL_TYPES as readonly string[]).includes(filters.type)) {
    throw new SelectionError(`Unknown eval type "${filters.type}": the types are ${EVAL_TYPES.join(", ")}.`);
  }
  if (filters.category && !(CATEGORIES as readonly string[]).includes(filters.category)) {
    throw new SelectionError(`Unknown category "${filters.category}": choose from ${CATEGORIES.join(", ")}.`);
  }
  const picked = all.filter(
    (s) =>
      (!filters.type || (s.type ?? "maestro") === filters.type) &&
      (!filters.category || s.category === filters.category) &&
      (!filters.scenario || s.id === filters.scenario || s.paraphraseOf === filters.scenario),
  );
  if (filters.scenario && !picked.length) {
    const close = all.filter((s) => s.id.includes(filters.scenario!)).map((s) => s.id);
    throw new SelectionError(
      `No scenario "${filters.scenario}".${close.length ? ` Did you mean ${close.slice(0, 5).join(", ")}?` : " `maestro evals --list` shows them all."}`,
    );
  }
  return picked;
}
