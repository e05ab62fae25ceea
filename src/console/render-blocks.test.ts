// Block Kit → terminal text on the real builders' output: every block kind, numbered buttons, styling, hostile text.
import { describe, expect, it } from "vitest";
import { confirmationCard } from "../slack/blocks/confirmation.ts";
import { healthBlocks } from "../slack/blocks/diagnostics.ts";
import { homeView } from "../slack/blocks/home.ts";
import { intakeDetailBlocks } from "../slack/blocks/intake-detail.ts";
import { noticeBlocks } from "../slack/blocks/notice.ts";
import { queueBlocks } from "../slack/blocks/queue.ts";
import { rejectReasonModal } from "../slack/blocks/reject-reason-modal.ts";
import { replyBlocks } from "../slack/blocks/reply.ts";
import { roleRequestBlocks } from "../slack/blocks/role-requests.ts";
import { rulesBlocks } from "../slack/blocks/rules.ts";
import { HOSTILE, OPTS } from "../testing/blocks/hostile.ts";
import * as inputs from "../testing/blocks/inputs.ts";
import { blocksToText, renderBlocks, renderMessage } from "./render-blocks.ts";
import { ansiStyle, plainStyle, stripAnsi } from "./style.ts";

const text = (b: { blocks: unknown }, first = 1) => renderBlocks(b.blocks, plainStyle, first).lines.join("\n");

const home = () =>
  homeView(
    {
      queue: { total: 3, counts_by_status: { NEW: 2, TRIAGED: 1 } },
      oldestNew: inputs.intake(0),
      roleRequests: { total: 1, requests: [inputs.roleRequest(1)] },
      failures: { total: 0, executions: [] },
      bookings: inputs.bookingsNormal(),
    },
    OPTS,
  );

describe("blocksToText", () => {
  it("drops mrkdwn markup and undoes the escapes, unstyled (digest --preview)", () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Open queue* · _oldest_ `/maestro queue` &lt;b&gt; &amp;" } }];
    expect(blocksToText(blocks)).toEqual(["Open queue · oldest /maestro queue <b> &"]);
  });
});

describe("renderBlocks on the real builders", () => {
  it("shows a header as an upper-case line, sections as text, quotes with a bar, and no buttons where there are none", () => {
    const out = renderBlocks(queueBlocks(inputs.queueNormal(), OPTS).blocks, plainStyle);
    expect(out.lines[0]).toBe("INTAKE QUEUE · 2 NEW · 1 TRIAGED · 0 QUALIFIED · 0 BOOKED");
    expect(out.lines).toContain("Pat Prospect · NEW · #1");
    expect(out.lines).toContain("│ Learn to throw on the wheel and make a set of mugs.");
    expect(out.buttons).toEqual([]);
  });

  it("numbers every button from the given start, with its action, value, block and confirm dialog", () => {
    const out = renderBlocks(roleRequestBlocks(inputs.roleRequestsNormal(), OPTS).blocks, plainStyle, 5);
    expect(out.lines).toContain("[5] Approve  [6] Reject…");
    expect(out.lines).toContain("[7] Approve  [8] Reject…");
    expect(out.buttons.map((b) => [b.n, b.label, b.actionId])).toEqual([
      [5, "Approve", "maestro.role.approve:1"],
      [6, "Reject…", "maestro.role.reject:1"],
      [7, "Approve", "maestro.role.approve:2"],
      [8, "Reject…", "maestro.role.reject:2"],
    ]);
    expect(out.buttons[0]).toMatchObject({
      value: '{"id":1}',
      blockId: "maestro.role.actions:1",
      confirm: { title: "Grant ADMIN?", confirm: "Approve ADMIN", deny: "Go back" },
    });
    expect(out.buttons[2]!.confirm).toBeUndefined();
    // A decided request has no buttons, only its outcome.
    expect(out.lines.join("\n")).toMatch(/REJECTED by Ada Admin · .* — “Not teaching this term\.”/);
  });

  it("renders a confirmation card: the sentence, context lines, Confirm with its dialog, Cancel and the menu", () => {
    const out = renderBlocks(confirmationCard(inputs.pendingView(), OPTS).blocks, plainStyle);
    expect(out.lines[0]).toBe("WAITING ON YOU: CONFIRM OR CANCEL");
    expect(out.lines).toContain("Reject role request #12 for ADMIN (user #7): PENDING → REJECTED.");
    expect(out.lines.join("\n")).toMatch(/Why it needs a person's click: Rejecting is final/);
    expect(out.lines.join("\n")).toMatch(
      /Asked by Sam Staff in #C0OPS \(see the question \(https:[^)]+\)\) · 5 minutes ago {2}· {2}Expires in 23 hours/,
    );
    expect(out.lines.at(-1)).toBe("[1] Confirm  [2] Cancel  (⋯ menu: Cancel with a reason… | Show details (exact arguments))");
    expect(out.buttons[0]!.confirm).toMatchObject({ title: "Are you sure?", confirm: "Yes, do it" });
  });

  it("lays out fields two to a row as 'Label: value', and dividers as a rule", () => {
    const lines = text(intakeDetailBlocks(inputs.detail(), OPTS)).split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^Status: TRIAGED {2,}Owner: Sam Staff$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Email: pat@example\.test {2,}Audience: adult$/));
    expect(lines).toContain("─".repeat(48));
  });

  it("shows a section's accessory button (rules: Enable / Disable) and actions blocks (Edit…, New rule)", () => {
    const out = renderBlocks(rulesBlocks(inputs.rulesNormal(), OPTS).blocks, plainStyle);
    expect(out.buttons.map((b) => `${b.n} ${b.label} ${b.actionId}`)).toEqual([
      "1 Disable maestro.rule.disable:1",
      "2 Edit… maestro.rule.edit:1",
      "3 Enable maestro.rule.enable:2",
      "4 Edit… maestro.rule.edit:2",
      "5 Disable maestro.rule.disable:3",
      "6 Edit… maestro.rule.edit:3",
      "7 New rule maestro.rule.new:list",
    ]);
    expect(out.lines).toContain("[3] Enable");
  });

  it("renders the Home tab with its role-request buttons", () => {
    const out = renderBlocks(home().blocks, plainStyle);
    expect(out.lines[0]).toBe("MAESTRO · STUDIO SNAPSHOT");
    expect(out.lines).toContain("Intake queue · 3 open");
    expect(out.buttons.map((b) => b.label)).toEqual(["Approve", "Reject…"]);
  });

  it("renders the model's markdown: headings, bold, lists, code fences and links", () => {
    const reply = replyBlocks(
      "# Today\n**3 new** intakes and `2` failures:\n- Dana\n- Lee\n\n```\nSELECT 1\n```\nSee [the docs](https://docs.example).",
    );
    const lines = text(reply).split("\n");
    expect(lines.slice(0, 4)).toEqual(["Today", "3 new intakes and 2 failures:", "• Dana", "• Lee"]);
    expect(lines).toContain("  SELECT 1");
    expect(lines).toContain("See the docs (https://docs.example).");
  });

  it("unescapes entities, renders inline code and shows a notice's hint", () => {
    expect(text(noticeBlocks("Bad <thing> & more", { kind: "warning", hint: "Try `/maestro help`" }))).toBe(
      "⚠️ Bad <thing> & more\nTry /maestro help",
    );
  });

  it("shows a modal's input with its label", () => {
    expect(text(rejectReasonModal(3, "Mia's request"))).toMatch(/\nReason: \(plain_text_input: Why is this request rejected\?\)$/);
  });

  it("keeps hostile text inert: mentions stay literal and control characters cannot reach the terminal", () => {
    const hostile = queueBlocks(
      inputs.queue([inputs.intake(0, { contact_name: "Eve", goals: `${HOSTILE} \x1b]52;c;aGk=\x07\x1b[2J` })]),
      OPTS,
    );
    const out = renderBlocks(hostile.blocks, ansiStyle).lines.join("\n");
    expect(out).toContain("<!channel> <!here> <@U123>");
    expect(out).toContain("<https://evil.example|click me>");
    expect(out).toContain("\\x1b]52;c;aGk=\\x07\\x1b[2J");
    expect(stripAnsi(out)).not.toContain("\x1b");
  });

  it("styles with ANSI for a terminal and nothing else: without the codes it is the plain rendering", () => {
    const all = [
      queueBlocks(inputs.queueNormal(), OPTS),
      roleRequestBlocks(inputs.roleRequestsNormal(), OPTS),
      confirmationCard(inputs.pendingView(), OPTS),
      intakeDetailBlocks(inputs.detail(), OPTS),
      healthBlocks(inputs.health(), OPTS),
      home(),
    ];
    for (const m of all) {
      const ansi = renderBlocks(m.blocks, ansiStyle).lines;
      expect(ansi.join("\n")).toContain("\x1b[1m");
      expect(ansi.map(stripAnsi)).toEqual(renderBlocks(m.blocks, plainStyle).lines);
    }
  });

  it("falls back to a message's mrkdwn text when it has no blocks, and names unknown blocks", () => {
    expect(renderMessage({ text: "Hi *Ruth*! Only for `staff`." }, plainStyle).lines).toEqual(["Hi Ruth! Only for staff."]);
    expect(renderBlocks([{ type: "carousel" }], plainStyle).lines).toEqual(["[carousel block]"]);
  });
});
