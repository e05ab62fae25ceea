// The optional summary line: one plain sentence the model writes from the digest's own numbers, kept only
// when every number in it is one of them; dropped on any failure (the digest never waits on it).
import type { Knex } from "knex";
import { costOf } from "../agent/pricing.ts";
import type { ModelClient, ModelRequest } from "../agent/model-client.ts";
import type { Config } from "../config.ts";
import { recordUsage, spentSince } from "../agent/stores/run-store.ts";
import type { Clock } from "../domain/clock.ts";
import { startOfLocalDay } from "../domain/local-time.ts";
import type { Logger } from "../logger.ts";

export interface SummaryDeps {
  db: Knex;
  config: Config;
  clock: Clock;
  logger: Logger;
  model: ModelClient | null;
}

const TIMEOUT_MS = 20_000;
const MAX_CHARS = 300;

const SYSTEM =
  "You write the opening line of a small studio's morning digest. You get the digest's figures as JSON (names and numbers). " +
  "Reply with ONE plain-language sentence of at most 30 words that says what matters most today (waiting intakes, pending " +
  "approvals, workflow failures, today's bookings). Use only numbers that appear in the figures, written as digits; do not " +
  "compute totals, percentages or new numbers. No markdown, no emoji, no greeting, no names.";

const NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];

/** Every number a sentence states: digits (1,234 and 2.5 included) and the number words zero to twenty. */
export function numbersIn(sentence: string): number[] {
  const digits = [...sentence.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, "")));
  const words = [...sentence.toLowerCase().matchAll(/[a-z]+/g)].map((m) => NUMBER_WORDS.indexOf(m[0])).filter((n) => n >= 0);
  return [...digits, ...words];
}

/** The numbers in the sentence that are not in the figures (a difference may be stated without its sign). */
export function inventedNumbers(sentence: string, figures: Record<string, number>): number[] {
  const allowed = new Set(Object.values(figures).flatMap((v) => [v, Math.abs(v)]));
  return numbersIn(sentence).filter((n) => !allowed.has(n));
}

async function withinBudget(deps: SummaryDeps): Promise<boolean> {
  const limit = deps.config.anthropic.dailyBudgetUsd;
  if (limit <= 0) return true;
  return (await spentSince(deps.db, startOfLocalDay(deps.clock.now(), deps.config.timeZone))) < limit;
}

/** The sentence, or null when the summary is off, over budget, failed, malformed or not backed by the figures. */
export async function summarizeDigest(deps: SummaryDeps, figures: Record<string, number>): Promise<string | null> {
  if (!deps.config.digest.summary || !deps.model) return null;
  try {
    if (!(await withinBudget(deps))) {
      deps.logger.info({ reason: "the daily model budget is used up" }, "digest.summary.skipped");
      return null;
    }
    const request: ModelRequest = {
      model: deps.config.anthropic.model,
      max_tokens: 200,
      system: SYSTEM,
      messages: [{ role: "user", content: JSON.stringify(figures) }],
    };
    const started = performance.now();
    const response = await deps.model.createMessage(request, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const usage = costOf(response.model ?? request.model, response.usage);
    const latencyMs = Math.round(performance.now() - started);
    await recordUsage(
      deps.db,
      { runId: null, purpose: "digest_summary", model: request.model, ...usage, latencyMs, stopReason: response.stop_reason },
      deps.clock.now(),
    );
    const text = response.content
      .flatMap((b) => (b.type === "text" ? [b.text] : []))
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    if (response.stop_reason !== "end_turn" || !text || text.length > MAX_CHARS) {
      deps.logger.info({ stop: response.stop_reason, chars: text.length }, "digest.summary.dropped");
      return null;
    }
    const invented = inventedNumbers(text, figures);
    if (invented.length) {
      deps.logger.warn({ invented, text }, "digest.summary.dropped");
      return null;
    }
    return text;
  } catch (error) {
    deps.logger.warn({ err: error }, "digest.summary.failed");
    return null;
  }
}
