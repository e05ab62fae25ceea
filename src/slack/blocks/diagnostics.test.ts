// The health check (✅/⚠️/❌ per check) and the audit log, within limits for normal, huge and empty results.
import { describe, expect, it } from "vitest";
import { auditBlocks, AUDIT_MAX_ITEMS, healthBlocks } from "./diagnostics.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { long, OPTS } from "../../testing/blocks/hostile.ts";
import { audit, auditEntry, health } from "../../testing/blocks/inputs.ts";

describe("healthBlocks", () => {
  it("marks each check ✅, ⚠️ or ❌", () => {
    const msg = expectValid(healthBlocks(health(), OPTS));
    expect(msg.blocks[0]).toMatchObject({ text: { text: "⚠️ Health: warn" } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("✅ *database*");
    expect(json).toContain("⚠️ *email_provider*");
    expect(json).toContain("❌ *admin_user*");
    expect(msg).toMatchSnapshot();
  });

  it("bounds a 10k detail", () => {
    expectValid(healthBlocks(health(long(10_000)), OPTS));
  });

  it("says when no checks ran", () => {
    const msg = expectValid(healthBlocks({ ...health(), checks: [] }, OPTS));
    expect(JSON.stringify(msg.blocks)).toContain("No checks ran.");
  });
});

describe("auditBlocks", () => {
  it("shows who did what, on what, by which path and when", () => {
    const msg = expectValid(
      auditBlocks(audit([auditEntry(0), auditEntry(1, { actor: { type: "SYSTEM", id: null, name: null }, details: null })]), OPTS),
    );
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("*role_request.approve* on role_request 1 — Ada Admin (USER) via button");
    expect(json).toContain("Maestro (SYSTEM)");
    expect(msg).toMatchSnapshot();
  });

  it("caps 100 entries with long details", () => {
    const entries = Array.from({ length: 100 }, (_, i) =>
      auditEntry(i, { details: long(10_000), actor: { type: "USER", id: "1", name: long(300) } }),
    );
    const msg = expectValid(auditBlocks(audit(entries, 5000), OPTS));
    expect(msg.blocks.filter((b) => b.type === "section")).toHaveLength(AUDIT_MAX_ITEMS);
  });

  it("says there is nothing, echoing the filter and the hint", () => {
    const empty = {
      ...audit([]),
      filter: { action: "nope", actor_type: "any", target_type: "any", since: "all time" },
      hint: "Known actions: intake.assign.",
    };
    const msg = expectValid(auditBlocks(empty, OPTS));
    expect(msg.text).toBe("No audit entries match action nope. Known actions: intake.assign.");
  });
});

describe("auditBlocks with a capped count", () => {
  it("says 1,000+ when the count stopped at its cap", () => {
    const entry = {
      id: 1,
      at: "2026-11-20T10:00:00Z",
      actor: { type: "USER", id: "1", name: "Maya" },
      action: "intake.assign",
      target: { type: "intake", id: "3" },
      path: "button",
      details: null,
    };
    const rendered = auditBlocks(
      {
        filter: { action: "any", actor_type: "any", target_type: "any", since: "any" },
        total: 1000,
        total_is_lower_bound: true,
        returned: 1,
        entries: [entry],
      },
      { timeZone: "UTC", now: new Date("2026-11-22T10:00:00Z") },
    );
    expect(rendered.text).toContain("1,000+ entries");
    expect(JSON.stringify(rendered.blocks)).toContain("Showing 1 of 1,000+");
  });
});
