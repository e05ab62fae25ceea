// The plan checker on EXPLAIN (FORMAT JSON) documents as PostgreSQL writes them: it must be able to fail.
import { describe, expect, it } from "vitest";
import { checkPlan, planVerdictText } from "./plan-check.ts";

const plan = (root: object) => [{ Plan: root, "Planning Time": 0.1 }];

const seqScanFeed = plan({
  "Node Type": "Aggregate",
  Plans: [{ "Node Type": "Seq Scan", "Relation Name": "feed_events", Alias: "feed_events", "Parallel Aware": false }],
});
const indexScanFeed = plan({
  "Node Type": "Limit",
  Plans: [
    { "Node Type": "Index Scan", "Index Name": "feed_events_created_idx", "Relation Name": "feed_events", "Scan Direction": "Backward" },
  ],
});

describe("checkPlan", () => {
  it("flags a Seq Scan on feed_events", () => {
    const finding = checkPlan(seqScanFeed);
    expect(finding.offending).toEqual(["Seq Scan on feed_events"]);
    expect(planVerdictText([finding])).toBe("Seq Scan on feed_events");
  });

  it("passes an Index Scan on feed_events and names the index", () => {
    const finding = checkPlan(indexScanFeed);
    expect(finding.offending).toEqual([]);
    expect(finding.scans).toEqual(["Index Scan using feed_events_created_idx on feed_events"]);
    expect(finding.indexOnly).toBe(false);
    expect(planVerdictText([finding])).toBe("index plans");
  });

  it("finds a seq scan deep in a join, and a parallel one", () => {
    const nested = plan({
      "Node Type": "Gather",
      Plans: [
        {
          "Node Type": "Hash Join",
          Plans: [
            { "Node Type": "Index Scan", "Index Name": "users_pkey", "Relation Name": "users" },
            { "Node Type": "Hash", Plans: [{ "Node Type": "Seq Scan", "Relation Name": "audit_log", "Parallel Aware": true }] },
          ],
        },
      ],
    });
    expect(checkPlan(nested).offending).toEqual(["Seq Scan on audit_log"]);
  });

  it("allows a seq scan of a small table", () => {
    const small = plan({ "Node Type": "Seq Scan", "Relation Name": "workflow_rules" });
    expect(checkPlan(small).offending).toEqual([]);
  });

  it("says index-only when every large-table scan is an Index Only Scan; bitmap scans are index plans", () => {
    const ios = plan({
      "Node Type": "Aggregate",
      Plans: [{ "Node Type": "Index Only Scan", "Index Name": "audit_log_created_idx", "Relation Name": "audit_log" }],
    });
    expect(planVerdictText([checkPlan(ios)])).toBe("index-only plans");
    const bitmap = plan({
      "Node Type": "Bitmap Heap Scan",
      "Relation Name": "contacts",
      Plans: [{ "Node Type": "Bitmap Index Scan", "Index Name": "contacts_lower_source_idx" }],
    });
    const finding = checkPlan(bitmap);
    expect(finding.offending).toEqual([]);
    expect(finding.scans).toEqual(["Bitmap Heap Scan on contacts", "Bitmap Index Scan using contacts_lower_source_idx"]);
    expect(planVerdictText([finding, checkPlan(ios)])).toBe("index plans");
  });

  it("reads the plan as a JSON string too, and refuses something that is not a plan", () => {
    expect(checkPlan(JSON.stringify(seqScanFeed)).offending).toHaveLength(1);
    expect(() => checkPlan([{ nope: true }])).toThrow(/not an EXPLAIN/);
  });

  it("takes the list of large tables as a parameter", () => {
    expect(checkPlan(seqScanFeed, ["audit_log"]).offending).toEqual([]);
  });
});
