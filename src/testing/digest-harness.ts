// The real digest over a test database: a chosen clock and settings, and a poster that records (or the fake Slack's).
import type { ModelClient } from "../agent/model-client.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { Digest } from "../digest/digest-service.ts";
import type { DigestPoster } from "../digest/post-digest.ts";
import type { Clock } from "../domain/clock.ts";
import { createSlackHarness } from "./slack-harness.ts";

export const DIGEST_CHANNEL = "C0DIGEST";

/** Settings with a digest channel, weekdays at 08:00 in Europe/London unless overridden. */
export function digestConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DIGEST_CHANNEL,
    DIGEST_TZ: "Europe/London",
    MAESTRO_TIMEZONE: "Europe/London",
    ANTHROPIC_API_KEY: "test-key",
    ...env,
  });
}

export interface RecordedPost {
  channel: string;
  text: string;
  blocks: unknown[];
  ts: string;
}

/** A poster that records every post; failNext(error) makes the next post throw it instead. */
export function recordingPoster(): { post: DigestPoster; posts: RecordedPost[]; failNext(error: Error): void } {
  const posts: RecordedPost[] = [];
  const failures: Error[] = [];
  let ts = 0;
  return {
    posts,
    failNext: (error) => void failures.push(error),
    post: async (message) => {
      const failure = failures.shift();
      if (failure) throw failure;
      const posted = { ...message, ts: `1800000000.${String(++ts).padStart(6, "0")}` };
      posts.push(posted);
      return { ts: posted.ts };
    },
  };
}

/** The digest as compose.ts wires it (with the rest of Maestro), posting through `post`. */
export function createTestDigest(
  db: Database,
  options: { clock: Clock; post: DigestPoster; config?: Config; instanceId?: string; model?: ModelClient | null },
): { digest: Digest } {
  const { digest } = createSlackHarness(db, { ...options, config: options.config ?? digestConfig() });
  return { digest };
}
