// A posted digest's message is found again by its Slack ts, exactly as posted: the latest, an older one (also one
// that finished after midnight), one posted before messages were stored, and never a message that is not a digest.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock.ts";
import { createTestDigest, digestConfig, DIGEST_CHANNEL, type RecordedPost } from "../testing/digest-harness.ts";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { DigestPoster } from "./post-digest.ts";
import { POSTED_MESSAGE_KEY } from "./posted-digest.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw("truncate digest_runs, audit_log restart identity"));

/** A digest whose posts get Slack-like ts values: the clock's second when posted. */
function digestAt(start: string, env: Record<string, string> = {}) {
  const clock = manualClock(start);
  const posts: RecordedPost[] = [];
  const post: DigestPoster = async (message) => {
    const ts = `${Math.floor(clock.now().getTime() / 1000)}.000100`;
    posts.push({ ...message, ts });
    return { ts };
  };
  const { digest } = createTestDigest(db, { clock, post, config: digestConfig(env) });
  /** Posts the digest of the day of `scheduledAt` at the clock's time `postedAt`. */
  const postAt = async (scheduledAt: string, postedAt = scheduledAt) => {
    clock.set(postedAt);
    expect(await digest.runScheduled(new Date(scheduledAt))).toMatchObject({ kind: "posted" });
    return posts.at(-1)!;
  };
  return { digest, postAt };
}
const asPosted = (p: RecordedPost) => ({ text: p.text, blocks: p.blocks });

describe("a posted digest's message", () => {
  it("is the latest, an older one, or one whose post finished after midnight, exactly as posted", async () => {
    const { digest, postAt } = digestAt("2026-11-24T08:00:00Z");
    const first = await postAt("2026-11-24T08:00:00Z");
    const late = await postAt("2026-11-26T23:59:00Z", "2026-11-27T00:00:30Z"); // the 26th's digest, posted on the 27th
    const latest = await postAt("2026-11-27T08:00:00Z");
    expect(await digest.postedMessage(DIGEST_CHANNEL, latest.ts)).toEqual(asPosted(latest));
    expect(await digest.postedMessage(DIGEST_CHANNEL, first.ts)).toEqual(asPosted(first));
    expect(await digest.postedMessage(DIGEST_CHANNEL, late.ts)).toEqual(asPosted(late));
    const stored = await db.knex("digest_runs").where({ slack_ts: first.ts }).first();
    expect(stored.content[POSTED_MESSAGE_KEY]).toEqual(asPosted(first));
    expect(stored.content.version).toBe(1); // the numbers the next digest compares with are still there
  });

  it("is rendered again from its numbers for a run stored before messages were kept", async () => {
    const { digest, postAt } = digestAt("2026-11-24T08:00:00Z");
    const posted = await postAt("2026-11-24T08:00:00Z");
    const run = await db.knex("digest_runs").where({ slack_ts: posted.ts }).first();
    const { [POSTED_MESSAGE_KEY]: _message, ...numbers } = run.content;
    await db
      .knex("digest_runs")
      .where({ id: run.id })
      .update({ content: JSON.stringify(numbers) });
    expect(await digest.postedMessage(DIGEST_CHANNEL, posted.ts)).toEqual(asPosted(posted));
  });

  it("is found from the channel id of a click when DIGEST_CHANNEL names the channel", async () => {
    const { digest, postAt } = digestAt("2026-11-24T08:00:00Z", { DIGEST_CHANNEL: "#studio-ops" });
    const posted = await postAt("2026-11-24T08:00:00Z");
    expect(await digest.postedMessage("C0STUDIOOPS", posted.ts)).toEqual(asPosted(posted));
  });

  it("is nothing for a ts that no counted digest has, or one in another channel", async () => {
    const { digest, postAt } = digestAt("2026-11-24T08:00:00Z");
    const posted = await postAt("2026-11-24T08:00:00Z");
    expect(await digest.postedMessage(DIGEST_CHANNEL, "1795500000.000100")).toBeUndefined();
    expect(await digest.postedMessage(DIGEST_CHANNEL, "not-a-ts")).toBeUndefined();
    expect(await digest.postedMessage("C0ELSEWHERE", posted.ts)).toBeDefined(); // the configured channel is searched too …
    const other = digestAt("2026-11-24T08:00:00Z", { DIGEST_CHANNEL: "C0OTHER" });
    expect(await other.digest.postedMessage("C0ELSEWHERE", posted.ts)).toBeUndefined(); // … but not a channel never configured
  });
});
