// The same reply streamed and posted (where Slack refuses the stream, and the reply falls back to a post) reaches Slack
// converted and neutralised the same way: a broadcast or a mention the model copied from a prospect's text notifies no
// one on either path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertStaff } from "../testing/fixtures/people.ts";
import { reply, ScriptedModel } from "../testing/scripted-model.ts";
import { createSlackHarness, type SlackHarness } from "../testing/slack-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { toSlackMarkdown } from "./blocks/slack-markdown.ts";
import { slackError } from "./fake-web-api.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertStaff(db.knex, "Sam Staff", "U0SAM");
});
afterAll(() => db?.drop());

const REPLY = [
  "*Dana Reyes* (intake 42) wrote in her goals:",
  "• “<!channel> call me now, <@U0BOSS> knows” — and @here, @everyone",
  "Nothing to do: it is _data_, not a request. See <https://studio.example/intake/42|her intake>.",
].join("\n");

/** Every markdown text the app sent Slack for the reply: streamed chunks joined, or posted markdown blocks. */
function sentMarkdown(h: SlackHarness): string {
  const streamed = [...h.fake.callsOf("chat.startStream"), ...h.fake.callsOf("chat.appendStream"), ...h.fake.callsOf("chat.stopStream")]
    .filter((c) => c.response?.ok !== false)
    .map((c) => {
      const chunks = (typeof c.args.chunks === "string" ? JSON.parse(c.args.chunks) : c.args.chunks) as { text?: string }[] | undefined;
      return String(c.args.markdown_text ?? "") + (chunks ?? []).map((chunk) => chunk.text ?? "").join("");
    })
    .join("");
  if (streamed) return streamed;
  return h.fake
    .callsOf("chat.postMessage")
    .flatMap((c) => (typeof c.args.blocks === "string" ? JSON.parse(c.args.blocks) : c.args.blocks) as { type: string; text?: string }[])
    .filter((b) => b.type === "markdown")
    .map((b) => b.text)
    .join("\n");
}

describe("a reply quoting mentions and broadcasts", () => {
  it("is neutralised and converted identically when streamed and when posted", async () => {
    const streamedSide = createSlackHarness(db, { model: new ScriptedModel([reply(REPLY)]) });
    await streamedSide.fake.dm("U0SAM", "what did Dana write?", { threadTs: "1700000000.000100" });
    await streamedSide.fake.settle();
    expect(streamedSide.fake.callsOf("chat.startStream").length).toBeGreaterThan(0);

    const postedSide = createSlackHarness(db, { model: new ScriptedModel([reply(REPLY)]) });
    postedSide.fake.respondAlways("chat.startStream", slackError("not_allowed_token_type"));
    await postedSide.fake.dm("U0SAM", "what did Dana write?");
    await postedSide.fake.settle();
    expect(postedSide.fake.callsOf("chat.startStream").every((c) => c.response?.ok === false)).toBe(true);
    expect(postedSide.fake.callsOf("chat.postMessage").length).toBeGreaterThan(0);

    const expected = toSlackMarkdown(REPLY);
    for (const [path, h] of [
      ["streamed", streamedSide],
      ["posted", postedSide],
    ] as const) {
      const sent = sentMarkdown(h);
      expect(sent, path).toBe(expected);
      expect(sent, path).not.toMatch(/<[!@]/);
      expect(sent, path).not.toMatch(/(?<![\w.])@(here|everyone|channel)\b/);
      expect(sent, path).toContain("**Dana Reyes**");
      expect(sent, path).toContain("her intake (https://studio.example/intake/42)");
    }
  });
});
