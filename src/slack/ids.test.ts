// The ids are constants, unique, within Slack's length limits; button values and modal metadata parse at the edge.
import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  BLOCKS,
  COMMAND,
  VIEWS,
  actionId,
  actionPattern,
  blockId,
  encodeButtonValue,
  encodeRejectMetadata,
  parseButtonValue,
  parseNumericId,
  parseRejectMetadata,
  parseTextId,
} from "./ids.ts";

const UUID = "6f1c2d3e-4b5a-4c6d-8e7f-901234567890";

describe("Slack ids", () => {
  it("are unique and namespaced", () => {
    const all = [...Object.values(ACTIONS), ...Object.values(BLOCKS), ...Object.values(VIEWS)];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^maestro\.[a-z_.]+$/);
    expect(COMMAND).toBe("/maestro");
  });

  it("suffixes a key and matches it back", () => {
    const id = actionId(ACTIONS.roleApprove, 12);
    expect(id).toBe("maestro.role.approve:12");
    expect(actionPattern(ACTIONS.roleApprove).test(id)).toBe(true);
    expect(actionPattern(ACTIONS.roleApprove).test(ACTIONS.roleApprove)).toBe(true);
    expect(actionPattern(ACTIONS.roleApprove).test(actionId(ACTIONS.roleReject, 12))).toBe(false);
    expect(actionPattern(ACTIONS.confirm).test("maestro.pending.confirmX")).toBe(false);
    expect(blockId(BLOCKS.roleActions, 12)).toBe("maestro.role.actions:12");
  });

  it("refuses ids over 255 characters", () => {
    expect(() => actionId(ACTIONS.confirm, "x".repeat(255))).toThrow(/255/);
    expect(() => blockId(BLOCKS.rule, "x".repeat(255))).toThrow(/255/);
  });
});

describe("button values", () => {
  it.each([{ id: 12 }, { id: UUID }, { id: 12, label: "Mia Member's request for the ADMIN role" }])("round-trips %j", (value) => {
    const raw = encodeButtonValue(value);
    expect(raw.length).toBeLessThanOrEqual(2000);
    expect(parseButtonValue(raw)).toEqual({ ok: true, value });
  });

  it("parses the id in the shape the listener wants", () => {
    expect(parseNumericId(encodeButtonValue({ id: 7 }))).toEqual({ ok: true, value: 7 });
    expect(parseTextId(encodeButtonValue({ id: UUID }))).toEqual({ ok: true, value: UUID });
    expect(parseNumericId(encodeButtonValue({ id: UUID }))).toMatchObject({ ok: false });
    expect(parseTextId(encodeButtonValue({ id: 7 }))).toMatchObject({ ok: false });
  });

  it.each([
    [undefined, /missing/],
    ["", /missing/],
    ["not json", /not JSON/],
    ['{"id":-1}', /malformed/],
    ['{"id":1.5}', /malformed/],
    ['{"id":"<!channel>"}', /malformed/],
    ['{"id":1,"admin":true}', /malformed/],
    [JSON.stringify({ id: 1, label: "x".repeat(2000) }), /longer than 2000/],
  ])("rejects %j without throwing", (raw, error) => {
    const parsed = parseButtonValue(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it("refuses to encode a label over 300 characters", () => {
    expect(() => encodeButtonValue({ id: 1, label: "x".repeat(301) })).toThrow();
  });
});

describe("reject modal metadata", () => {
  it("round-trips the request and the message to refresh", () => {
    const value = { id: 12, channel: "C0123ABC", ts: "1732460400.123456" };
    expect(parseRejectMetadata(encodeRejectMetadata(value))).toEqual({ ok: true, value });
    expect(parseRejectMetadata(encodeRejectMetadata({ id: 3 }))).toEqual({ ok: true, value: { id: 3 } });
  });

  it("rejects anything else", () => {
    expect(parseRejectMetadata('{"id":"12"}').ok).toBe(false);
    expect(parseRejectMetadata('{"id":12,"channel":"<#C1>"}').ok).toBe(false);
    expect(parseRejectMetadata(undefined).ok).toBe(false);
  });
});
