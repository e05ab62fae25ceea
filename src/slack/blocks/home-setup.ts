// The Home tab's setup part, for admins only: what `maestro doctor` would flag (failures first), each with its fix.
import type { KnownBlock } from "@slack/types";
import type { Finding } from "../../doctor/check.ts";
import { context, divider, section } from "./kit.ts";
import { safeText } from "./limits.ts";

const mark = { fail: "❌", warn: "⚠️" } as const;

export function setupPart(findings: readonly Finding[] | undefined): KnownBlock[] {
  if (!findings) return [];
  const flagged = findings
    .filter((f): f is Finding & { verdict: "fail" | "warn" } => f.verdict === "fail" || f.verdict === "warn")
    .sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === "fail" ? -1 : 1));
  const passed = findings.filter((f) => f.verdict === "pass").length;
  if (!flagged.length) {
    return [context(`✅ Setup: ${passed} checks pass (admins see this) · \`maestro doctor\` also checks Slack and the model`)];
  }
  const lines = flagged.map((f) => {
    const fix = f.fix ? `\n      _Fix:_ ${safeText(f.fix, 400)}` : "";
    return `${mark[f.verdict]} *${safeText(f.title, 80)}*: ${safeText(f.detail, 400)}${fix}`;
  });
  return [
    section(`*Setup needs attention* · ${flagged.length} (admins see this)\n${lines.join("\n")}`.slice(0, 2900)),
    context("Run `maestro doctor` where Maestro runs for the full report, including Slack and the model."),
    divider(),
  ];
}
