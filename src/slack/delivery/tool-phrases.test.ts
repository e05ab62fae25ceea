// Every tool in the catalogue has a plain-language step, and the status and task titles use it (never the tool's name).
import { describe, expect, it } from "vitest";
import type { ToolCallEnd } from "../../agent/agent-types.ts";
import { CATALOGUE } from "../../tools/catalogue.ts";
import { taskChunk, toolStepsMessage } from "../blocks/tool-steps.ts";
import { sessionTitle } from "./session-title.ts";
import { TOOL_PHRASES, toolPhrase, toolStatus } from "./tool-phrases.ts";

describe("tool phrases", () => {
  it("cover every tool in the catalogue, each its own plain words", () => {
    expect(Object.keys(TOOL_PHRASES).sort()).toEqual(CATALOGUE.map((t) => t.name).sort());
    for (const [name, phrase] of Object.entries(TOOL_PHRASES)) {
      expect(phrase, name).toMatch(/^[A-Z][a-z' ]+$/);
      expect(phrase, name).not.toContain("_");
    }
    expect(new Set(Object.values(TOOL_PHRASES)).size).toBe(CATALOGUE.length);
  });

  it("read as the thread's status, and an unknown tool reads as itself", () => {
    expect(toolStatus(["get_intake_queue"])).toBe("Checking the intake queue…");
    expect(toolStatus(["list_bookings", "get_funnel_stats"])).toBe("Looking at bookings and 1 more…");
    expect(toolPhrase("send_rocket")).toBe("Running send rocket");
  });
});

describe("tool steps", () => {
  const ended = (outcome: ToolCallEnd["outcome"], summary: string): ToolCallEnd => ({
    id: "t1",
    name: "get_intake_queue",
    outcome,
    summary,
  });

  it("are task updates: in progress, then complete, error or pending on a card", () => {
    expect(taskChunk({ id: "t1", name: "get_intake_queue" })).toEqual({
      type: "task_update",
      id: "t1",
      title: "Checking the intake queue",
      status: "in_progress",
    });
    expect(taskChunk(ended("ok", "3 items"))).toMatchObject({ status: "complete", output: "3 items" });
    expect(taskChunk(ended("failed", "Intake 9 not found"))).toMatchObject({ status: "error", output: "Intake 9 not found" });
    expect(taskChunk(ended("held", "Rejecting is irreversible"))).toMatchObject({
      status: "pending",
      output: "Needs your confirmation: Rejecting is irreversible",
    });
  });

  it("fall back to one escaped context message of steps", () => {
    const message = toolStepsMessage([
      ended("ok", "2 items"),
      { id: "t2", name: "list_bookings" },
      { ...ended("failed", "<!channel> boom"), id: "t3" },
    ]);
    expect(message.blocks).toHaveLength(1);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("✅ Checking the intake queue — 2 items");
    expect(text).toContain("⏳ Looking at bookings…");
    expect(text).not.toContain("<!channel>");
  });
});

describe("session titles", () => {
  it("come from the first line of the person's words, cut at a word", () => {
    expect(sessionTitle("What's in my intake queue?\nand more")).toBe("What's in my intake queue?");
    expect(sessionTitle("Please tell me <@U0BEA|bea> which intakes from <https://x.test|the site> are new")).toBe(
      "Please tell me bea which intakes from the site are new",
    );
    const long = sessionTitle("Could you look through every intake that came in over the last two weeks and tell me which are stuck");
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long).toMatch(/^Could you look through every intake that came in over the…$/);
    expect(sessionTitle("   ")).toBe("New question");
  });
});
