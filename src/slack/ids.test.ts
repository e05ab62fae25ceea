// The ids are constants, unique, within Slack's length limits; button values parse at the edge; response_urls are Slack's.
// (The reject modal's metadata: decisions/origin.test.ts.)
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
  isSlackResponseUrl,
  parseButtonValue,
  parseNumericId,
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

describe("response_url hosts", () => {
  it("accepts Slack's hooks host over https, with the default Web API", () => {
    expect(isSlackResponseUrl("https://hooks.slack.com/actions/T0123/456/abc")).toBe(true);
    expect(isSlackResponseUrl("https://hooks.slack.com/commands/T0123/456/abc", "https://slack.com/api/")).toBe(true);
  });

  it("refuses other hosts, look-alikes, plain http and credentials", () => {
    for (const url of [
      "http://hooks.slack.com/actions/T0123/456/abc",
      "https://hooks.slack.com.evil.example/actions/x",
      "https://evilhooks.slack.com.example/x",
      "https://evil.example/hooks.slack.com/actions/x",
      "https://user:secret@hooks.slack.com/actions/x",
      "https://hooks.slack.test/actions/T0MAESTRO/1",
      "https://169.254.169.254/latest/meta-data",
      "not a url",
    ]) {
      expect(isSlackResponseUrl(url), url).toBe(false);
    }
  });

  it("accepts the configured Web API's host and its hooks. subdomain only when SLACK_API_URL points there", () => {
    expect(isSlackResponseUrl("https://hooks.slack.test/actions/T0MAESTRO/1", "https://slack.test/api/")).toBe(true);
    expect(isSlackResponseUrl("http://hooks.slack.test/actions/T0MAESTRO/1", "https://slack.test/api/")).toBe(false);
    expect(isSlackResponseUrl("http://127.0.0.1:4100/respond/1", "http://127.0.0.1:4100/api/")).toBe(true);
    expect(isSlackResponseUrl("http://127.0.0.1:4101/respond/1", "http://127.0.0.1:4100/api/")).toBe(false);
    expect(isSlackResponseUrl("https://hooks.slack.com/actions/x", "https://slack.test/api/")).toBe(true);
  });
});
