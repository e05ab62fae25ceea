// The /maestro help and ephemeral notices.
import { describe, expect, it } from "vitest";
import { COMMAND_HELP, helpBlocks } from "./help.ts";
import { noticeBlocks } from "./notice.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long } from "../../testing/blocks/hostile.ts";

describe("helpBlocks", () => {
  it("lists the whole grammar and says anything else is a question", () => {
    const msg = expectValid(helpBlocks());
    const json = JSON.stringify(msg.blocks);
    for (const verb of [
      "help",
      "queue [status]",
      "intake &lt;id&gt;",
      "approvals",
      "bookings",
      "workflows [failed]",
      "rules",
      "funnel [days]",
      "activity [days]",
      "contacts",
      "searches",
      "health",
      "audit [n]",
      "digest [post]",
      "stop",
      "staff [add|remove @someone ROLE]",
      "feedback [down]",
    ]) {
      expect(json).toContain(`/maestro ${verb}`);
    }
    expect(COMMAND_HELP).toHaveLength(18);
    expect(json).toContain("Anything else is a question for Maestro");
    expect(msg).toMatchSnapshot();
  });
});

describe("noticeBlocks", () => {
  it("renders one line with an icon and an optional hint", () => {
    const msg = expectValid(noticeBlocks("Maestro is for studio staff.", { kind: "warning", hint: "Ask an admin for the STAFF role." }));
    expect(msg.blocks).toHaveLength(2);
    expect(msg.blocks[0]).toMatchObject({ text: { text: "⚠️ Maestro is for studio staff." } });
    expect(msg).toMatchSnapshot();
  });

  it("keeps echoed user text inert and bounded", () => {
    expectValid(noticeBlocks(`Unknown command: ${HOSTILE} ${long(10_000)}`, { kind: "error", hint: long(10_000) }));
  });
});
