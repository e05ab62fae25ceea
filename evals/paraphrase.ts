// Paraphrase sets: the same scenario asked in other words. Scripted, they confirm the app is indifferent to wording;
// live, they measure whether the model is.
import type { Scenario } from "./scenario.ts";

/** One scenario per wording: the base's seed, model side and checks, with its first DM reworded. */
export function paraphrases(base: Scenario, wordings: readonly string[]): Scenario[] {
  const first = base.turns.findIndex((t) => "dm" in t);
  if (first < 0) throw new Error(`${base.id} has no DM to reword`);
  return wordings.map((wording, i) => ({
    ...base,
    id: `${base.id}-paraphrase-${i + 1}`,
    category: "paraphrase",
    paraphraseOf: base.id,
    description: `${base.id} asked as “${wording}”.`,
    turns: base.turns.map((t, n) => (n === first ? { ...t, dm: wording } : t)),
  }));
}
