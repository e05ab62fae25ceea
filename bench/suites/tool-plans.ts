// The plan check of one tool call: the SQL it actually ran (captured), each SELECT explained with its own bindings.
import type { Knex } from "knex";
import type { Metric } from "../results.ts";
import { checkPlan, planVerdictText, type PlanFinding } from "../plan-check.ts";
import { captureQueries, explain, isSelect, type CapturedQuery } from "../query-capture.ts";

export interface CallPlan {
  /** Every statement the call sent, in order (replayed raw as the "all its SQL" comparison). */
  queries: CapturedQuery[];
  /** One finding per SELECT. */
  explained: { sql: string; finding: PlanFinding }[];
}

/** Runs the call once while recording its SQL, then explains each SELECT. */
export async function planOfCall<T>(knex: Knex, call: () => Promise<T>): Promise<{ result: T; plan: CallPlan }> {
  const { result, queries } = await captureQueries(knex, call);
  const explained: CallPlan["explained"] = [];
  for (const query of queries) {
    if (!isSelect(query.sql)) continue;
    explained.push({ sql: query.sql, finding: checkPlan(await explain(knex, query)) });
  }
  return { result, plan: { queries, explained } };
}

const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim().slice(0, 160);

/** One plan metric per tool, over every call of it the suite made (a filter can change the plan). */
export function planMetric(tool: string, plans: readonly CallPlan[]): Metric {
  const explained = plans.flatMap((p) => p.explained);
  const findings = explained.map((e) => e.finding);
  const offending = findings.reduce((n, f) => n + f.offending.length, 0);
  const summary = planVerdictText(findings);
  return {
    name: `${tool} · plans`,
    unit: "plan",
    maestro: offending,
    baseline: null,
    ratio: null,
    target: { kind: "no_seq_scan", value: 0, text: "no Seq Scan of a large table" },
    verdict: offending === 0 ? "pass" : "fail",
    plan: {
      ok: offending === 0,
      summary: `${summary} (${explained.length} SELECT${explained.length === 1 ? "" : "s"})`,
      queries: explained.map((e) => ({ sql: oneLine(e.sql), nodes: e.finding.scans, offending: e.finding.offending })),
    },
  };
}
