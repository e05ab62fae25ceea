// A click's origin, read once at the edge for each place a decision can be clicked, and its round trip through the reject
// modal's private_metadata (whose wire shape is unchanged, so modals opened before an upgrade still submit).
import type { BlockButtonAction } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { BLOCKS, RESPONSE_URL_MAX } from "../ids.ts";
import { encodeRejectMetadata, originOfClick, parseRejectMetadata, PRIVATE_METADATA_MAX, type DecisionOrigin } from "./origin.ts";

const API = "https://slack.com/api/";
const HOOK = "https://hooks.slack.com/actions/T0123/456/abc";
const TS = "1732460400.123456";
const silent = createLogger({ level: "silent" });

/** A click as Slack sends it: on a message (with its container), or on the Home tab (a view container). */
function click(container: Record<string, unknown>, extra: Partial<BlockButtonAction> = {}): BlockButtonAction {
  return { type: "block_actions", container, user: { id: "U0A" }, ...extra } as unknown as BlockButtonAction;
}
const onMessage = (channel: string, ephemeral: boolean) => ({
  type: "message",
  channel_id: channel,
  message_ts: TS,
  is_ephemeral: ephemeral,
});
const digestRow = `${BLOCKS.digestRoleActions}:12`;

describe("the origin of a click", () => {
  const read = (body: BlockButtonAction, blockId = "maestro.role.actions:12") =>
    originOfClick(body, blockId, { apiUrl: API, logger: silent });

  it("is the Home tab for a click in a view", () => {
    expect(read(click({ type: "view", view_id: "V1" }))).toEqual({ kind: "home" });
  });

  it("is the list message for a click on a posted list", () => {
    expect(read(click(onMessage("C0OPS", false)))).toEqual({ kind: "list", channel: "C0OPS", ts: TS });
  });

  it("is the ephemeral list, with its response_url, for a click on a slash command's answer", () => {
    expect(read(click(onMessage("D0A", true), { response_url: HOOK }))).toEqual({
      kind: "ephemeral-list",
      channel: "D0A",
      ts: TS,
      responseUrl: HOOK,
    });
  });

  it("is the notice alone when an ephemeral list's response_url is not Slack's", () => {
    expect(read(click(onMessage("D0A", true), { response_url: "https://hooks.evil.example/x" }))).toEqual({
      kind: "notice-only",
      channel: "D0A",
    });
  });

  it("is the ops alert for a click on an alert's buttons (a role request's Approve there updates the alert, not a list)", () => {
    expect(read(click(onMessage("C0OPS", false)), `${BLOCKS.alertActions}:role-12`)).toEqual({ kind: "alert", channel: "C0OPS", ts: TS });
  });

  it("is the posted digest, as Slack showed it, for a click on a digest row; a digest preview gets the notice alone", () => {
    const blocks = [{ type: "section", block_id: BLOCKS.digest, text: { type: "mrkdwn", text: "Morning" } }];
    const message = { type: "message", ts: TS, text: "Digest", blocks } as unknown as BlockButtonAction["message"];
    expect(read(click(onMessage("C0DIGEST", false), { message }), digestRow)).toEqual({
      kind: "digest",
      channel: "C0DIGEST",
      ts: TS,
      shown: { text: "Digest", blocks },
    });
    expect(read(click(onMessage("C0DIGEST", true), { message, response_url: HOOK }), digestRow)).toEqual({
      kind: "notice-only",
      channel: "C0DIGEST",
    });
  });
});

describe("the reject modal's metadata", () => {
  const origins: DecisionOrigin[] = [
    { kind: "home" },
    { kind: "list", channel: "C0123ABC", ts: TS },
    { kind: "ephemeral-list", channel: "D0123ABC", ts: TS, responseUrl: HOOK },
    { kind: "digest", channel: "C0123ABC", ts: TS },
    { kind: "alert", channel: "C0123ABC", ts: TS },
    { kind: "notice-only", channel: "C0123ABC" },
  ];

  it.each(origins)("round-trips the request and its origin: %j", (origin) => {
    expect(parseRejectMetadata(encodeRejectMetadata({ id: 12, origin }))).toEqual({ ok: true, value: { id: 12, origin } });
  });

  it("keeps the wire shape modals already carry (an upgrade or a rollback leaves open modals working)", () => {
    expect(JSON.parse(encodeRejectMetadata({ id: 3, origin: { kind: "home" } }))).toEqual({ id: 3 });
    expect(JSON.parse(encodeRejectMetadata({ id: 3, origin: { kind: "digest", channel: "C1", ts: TS } }))).toEqual({
      id: 3,
      channel: "C1",
      ts: TS,
      digest: true,
    });
    expect(parseRejectMetadata(JSON.stringify({ id: 3, channel: "D1", ts: TS, response_url: HOOK }))).toEqual({
      ok: true,
      value: { id: 3, origin: { kind: "ephemeral-list", channel: "D1", ts: TS, responseUrl: HOOK } },
    });
  });

  it("leaves out what a click saw of a digest: the submission reads the posted digest from its run", () => {
    const shown = { text: "Digest", blocks: [] };
    expect(JSON.parse(encodeRejectMetadata({ id: 3, origin: { kind: "digest", channel: "C1", ts: TS, shown } }))).not.toHaveProperty(
      "shown",
    );
  });

  it("stays under Slack's 3,000 characters at its largest", () => {
    const responseUrl = `https://hooks.slack.com/${"a".repeat(RESPONSE_URL_MAX - 24)}`;
    const largest = {
      id: 2_147_483_647,
      origin: { kind: "ephemeral-list" as const, channel: "C".repeat(40), ts: "123456789012.12345678", responseUrl },
    };
    expect(encodeRejectMetadata(largest).length).toBeLessThan(PRIVATE_METADATA_MAX);
  });

  it("rejects anything else", () => {
    expect(parseRejectMetadata('{"id":"12"}').ok).toBe(false);
    expect(parseRejectMetadata('{"id":12,"channel":"<#C1>"}').ok).toBe(false);
    expect(parseRejectMetadata(undefined).ok).toBe(false);
    expect(parseRejectMetadata('{"id":12,"response_url":"javascript:alert(1)"}').ok).toBe(false);
    expect(
      parseRejectMetadata(JSON.stringify({ id: 12, response_url: `https://hooks.slack.com/${"a".repeat(RESPONSE_URL_MAX)}` })).ok,
    ).toBe(false);
    expect(parseRejectMetadata('{"id":12,"digest":false}').ok).toBe(false);
    expect(() =>
      encodeRejectMetadata({ id: 12, origin: { kind: "ephemeral-list", channel: "D1", ts: TS, responseUrl: "not a url" } }),
    ).toThrow();
  });
});
