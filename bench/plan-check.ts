// The plan check: walks an EXPLAIN (FORMAT JSON) plan and flags every sequential scan of a large table.

/** The tables the large studio makes big (tens of thousands to a million rows): a Seq Scan here is a finding. */
export const LARGE_TABLES = [
  "intake_requests",
  "intake_status_history",
  "feed_events",
  "workflow_executions",
  "audit_log",
  "contacts",
  "content_search_log",
] as const;

/** The part of a plan node the check reads (PostgreSQL's EXPLAIN JSON keys). */
interface PlanNode {
  "Node Type"?: string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

export interface PlanFinding {
  /** Every scan node, e.g. "Index Scan using audit_log_created_idx on audit_log". */
  scans: string[];
  /** The scans that break the rule, e.g. "Seq Scan on feed_events". */
  offending: string[];
  /** True when every scan of a large table reads an index only (no heap visits). */
  indexOnly: boolean;
}

/** The root node of what EXPLAIN (FORMAT JSON) returned: a JSON string, `[{ Plan }]`, or `{ Plan }`. */
function rootOf(explain: unknown): PlanNode {
  const parsed: unknown = typeof explain === "string" ? JSON.parse(explain) : explain;
  const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  const plan = (first as { Plan?: PlanNode } | undefined)?.Plan;
  if (!plan || typeof plan !== "object") throw new Error("not an EXPLAIN (FORMAT JSON) plan: no Plan node");
  return plan;
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

const describe = (node: PlanNode) =>
  `${node["Node Type"]}${node["Index Name"] ? ` using ${node["Index Name"]}` : ""}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}`;

export function checkPlan(explain: unknown, largeTables: readonly string[] = LARGE_TABLES): PlanFinding {
  const scans: string[] = [];
  const offending: string[] = [];
  let indexOnly = true;
  for (const node of walk(rootOf(explain))) {
    const type = node["Node Type"] ?? "";
    // Scan nodes are the ones that name a relation or an index (Seq, Index, Index Only, Bitmap Index/Heap, Tid …).
    if (!node["Relation Name"] && !node["Index Name"]) continue;
    scans.push(describe(node));
    const large = node["Relation Name"] !== undefined && largeTables.includes(node["Relation Name"]);
    // A parallel seq scan is reported as "Seq Scan" with "Parallel Aware": true — caught by the same test.
    if (large && type === "Seq Scan") offending.push(describe(node));
    if (large && type !== "Index Only Scan") indexOnly = false;
    // A bitmap index scan names only the index; its heap scan (checked above) names the table.
  }
  return { scans, offending, indexOnly };
}

/** One line for the table: "index-only plans", "index plans", or the offending nodes. */
export function planVerdictText(findings: readonly PlanFinding[]): string {
  const offending = [...new Set(findings.flatMap((f) => f.offending))];
  if (offending.length) return offending.join("; ");
  const touchesLarge = findings.some((f) => f.scans.length > 0);
  if (!touchesLarge) return "no table scans";
  return findings.every((f) => f.indexOnly) ? "index-only plans" : "index plans";
}
