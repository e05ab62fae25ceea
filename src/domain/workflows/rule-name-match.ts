// Finds the rule a person named: case-insensitive, and spaces, hyphens and underscores alike
// ("onboarding notification" finds "onboarding-notification"). Never a pattern: one rule or none.

export interface NamedRule {
  id: number;
  name: string;
  enabled: boolean;
}

export type NameMatch<R extends NamedRule> =
  | { kind: "found"; rule: R }
  | { kind: "ambiguous"; candidates: R[] }
  | { kind: "missing"; close: R[] };

export const normalizeRuleName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-");

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Exact name first, then case-insensitive, then spacing-insensitive; a tie at the first level that matches is ambiguous. */
export function matchRuleName<R extends NamedRule>(wanted: string, rules: readonly R[], maxClose = 5): NameMatch<R> {
  const exact = rules.filter((r) => r.name === wanted.trim());
  if (exact.length === 1) return { kind: "found", rule: exact[0]! };
  for (const same of [
    (r: R) => r.name.toLowerCase() === wanted.trim().toLowerCase(),
    (r: R) => normalizeRuleName(r.name) === normalizeRuleName(wanted),
  ]) {
    const hits = rules.filter(same);
    if (hits.length === 1) return { kind: "found", rule: hits[0]! };
    if (hits.length > 1) return { kind: "ambiguous", candidates: hits };
  }
  const target = normalizeRuleName(wanted);
  const close = rules
    .map((rule) => {
      const name = normalizeRuleName(rule.name);
      const contained = target.length >= 3 && (name.includes(target) || target.includes(name));
      const sharesWord = target.split("-").some((w) => w.length >= 4 && name.split("-").includes(w));
      const d = distance(name, target);
      return {
        rule,
        score: contained || sharesWord ? d - 100 : d,
        near: contained || sharesWord || d <= Math.max(2, Math.floor(target.length / 4)),
      };
    })
    .filter((c) => c.near)
    .sort((a, b) => a.score - b.score)
    .slice(0, maxClose)
    .map((c) => c.rule);
  return { kind: "missing", close };
}
