// Recorded Slack calls as console text: who saw what where, click targets, refusals, streams, plumbing left out.
import { describe, expect, it } from "vitest";
import type { RecordedCall } from "../slack/fake-transport.ts";
import { noticeBlocks } from "../slack/blocks/notice.ts";
import { roleRequestBlocks } from "../slack/blocks/role-requests.ts";
import { OPTS } from "../testing/blocks/hostile.ts";
import { roleRequestsNormal } from "../testing/blocks/inputs.ts";
import { renderCalls, type RenderContext } from "./render-calls.ts";
import { plainStyle } from "./style.ts";

let ts = 0;
const ctx: RenderContext = { me: "U0ME", style: plainStyle, commandChannel: "D0U0ME", nextTs: () => `1800000000.00000${++ts}` };
const call = (method: string, args: Record<string, unknown>, response: Record<string, unknown> = { ok: true }): RecordedCall => ({
  method,
  args,
  response,
  at: 0,
});
const list = roleRequestBlocks(roleRequestsNormal(), OPTS);

describe("renderCalls", () => {
  it("says where each message went and numbers buttons across all of them", () => {
    const out = renderCalls(
      [
        call("respond", { response_type: "ephemeral", ...noticeBlocks("Queued.") }),
        call("chat.postMessage", { channel: "D0U0ME", ...list }, { ok: true, channel: "D0U0ME", ts: "1700000101.000001" }),
        call(
          "chat.postMessage",
          { channel: "D0U0ME", thread_ts: "1.2", text: "in a thread" },
          { ok: true, channel: "D0U0ME", ts: "1700000102.000002" },
        ),
        call("chat.postEphemeral", { channel: "C0OPS", user: "U0OTHER", text: "psst" }, { ok: true, message_ts: "1700000103.000003" }),
        call("chat.update", { channel: "D0U0ME", ts: "1700000101.000001", ...list }),
      ],
      ctx,
    );
    expect(out.text.split("\n").filter((l) => l.startsWith("Maestro"))).toEqual([
      "Maestro → only you can see this",
      "Maestro → your DM",
      "Maestro → your DM · in a thread",
      "Maestro → #C0OPS · only U0OTHER can see this",
      "Maestro → (card updated)",
    ]);
    expect(out.buttons.map((b) => b.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.buttons[0]!.target).toEqual({ kind: "message", channel: "D0U0ME", ts: "1700000101.000001", ephemeral: false });
    expect(out.text).toContain("  [5] Approve  [6] Reject…");
  });

  it("marks a response_url answer's buttons as on an ephemeral message in the command's channel", () => {
    const out = renderCalls([call("ack", { response_type: "ephemeral", ...list })], ctx);
    expect(out.buttons[0]!.target).toMatchObject({ kind: "message", channel: "D0U0ME", ephemeral: true });
  });

  it("targets the Home tab's view, and hands over a modal that was opened", () => {
    const home = renderCalls(
      [call("views.publish", { user_id: "U0ME", view: { type: "home", blocks: list.blocks } }, { ok: true, view: { id: "V0H" } })],
      ctx,
    );
    expect(home.text).toMatch(/^Maestro → your Home tab/);
    expect(home.buttons[0]!.target).toEqual({ kind: "view", viewId: "V0H" });
    const view = { type: "modal", title: { type: "plain_text", text: "Reject role request" }, blocks: [] };
    const modal = renderCalls([call("views.open", { view }, { ok: true, view: { id: "V0M" } })], ctx);
    expect(modal.text).toBe("Maestro → modal · Reject role request");
    expect(modal.modal).toEqual({ viewId: "V0M", view });
  });

  it("shows what Slack refused as refused, leaves plumbing out, and joins a streamed reply", () => {
    const out = renderCalls(
      [
        call("reactions.add", { name: "hourglass_flowing_sand" }),
        call("conversations.open", { users: "U0ME" }),
        call("chat.update", { channel: "D0U0ME", ts: "1", text: "x" }, { ok: false, error: "message_not_found" }),
        call("chat.startStream", { channel: "D0U0ME", thread_ts: "1.5", markdown_text: "Three new " }),
        call("chat.appendStream", { channel: "D0U0ME", ts: "9.9", markdown_text: "intakes **today**." }),
        call("chat.stopStream", { channel: "D0U0ME", ts: "9.9" }),
      ],
      ctx,
    );
    expect(out.text).toBe(
      "(Slack refused chat.update: message_not_found)\n\nMaestro → your DM · in a thread · streamed\n  Three new intakes today.",
    );
  });

  it("shows a stream once, where it started, though status updates and a post come between its pieces", () => {
    const out = renderCalls(
      [
        call("chat.startStream", { channel: "D0U0ME", thread_ts: "1.5", markdown_text: "Let me look." }, { ok: true, ts: "9.9" }),
        call("assistant.threads.setStatus", { channel_id: "D0U0ME", thread_ts: "1.5", status: "Reading the intake…" }),
        call("chat.appendStream", { channel: "D0U0ME", ts: "9.9", markdown_text: "\n\n\n\n" }),
        call("chat.postMessage", { channel: "D0U0ME", thread_ts: "1.5", text: "A card" }, { ok: true, ts: "9.95" }),
        call("chat.appendStream", { channel: "D0U0ME", ts: "9.9", markdown_text: "It waits for your click." }),
        call("chat.stopStream", { channel: "D0U0ME", ts: "9.9" }),
      ],
      ctx,
    );
    expect(out.text.match(/streamed/g)).toHaveLength(1);
    expect(out.text).toMatch(/streamed\n {2}Let me look\.\n\n {2}It waits for your click\.\n\nMaestro → .*\n {2}A card$/);
  });
});
