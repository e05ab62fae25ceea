// Test support: what every rendered message or view must satisfy (Slack's limits, unique ids, parseable values, no live mention).
import { expect } from "vitest";
import { parseButtonValue } from "../../slack/ids.ts";
import { assertWithinLimits, type BlockPayload } from "./assert-limits.ts";
import { LIMITS } from "../../slack/blocks/limits.ts";

/** Every object in a block tree, depth first. */
export function* walk(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* walk(v);
  else if (value && typeof value === "object") {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* walk(v);
  }
}

export const buttonsOf = (payload: BlockPayload) => [...walk(payload.blocks)].filter((o) => o.type === "button");
export const actionIdsOf = (payload: BlockPayload) =>
  [...walk(payload.blocks)].map((o) => o.action_id).filter((id): id is string => typeof id === "string");

/** Every mrkdwn string Slack parses for mentions and links: mrkdwn text objects and the fallback (plain_text never is). */
export function parsedStrings(payload: BlockPayload): string[] {
  const out: string[] = [];
  for (const o of walk(payload.blocks)) {
    if (o.type === "mrkdwn" && typeof o.text === "string") out.push(o.text);
  }
  if (typeof payload.text === "string") out.push(payload.text);
  return out;
}

/** The text of markdown blocks (standard markdown: `<` is legitimate, Slack's sequences are not). */
export const markdownStrings = (payload: BlockPayload): string[] =>
  [...walk(payload.blocks)].filter((o) => o.type === "markdown" && typeof o.text === "string").map((o) => o.text as string);

/**
 * Maestro writes two links of its own, both on confirmation cards (card-parts.ts): the channel a call was asked in
 * (`<#C…>`, a link that notifies nobody) and Slack's permalink to the question. Any other raw `<` is unescaped text.
 */
const OWN_LINKS = /<#[CG][A-Z0-9]+>|<https:\/\/[^\s<>|]+\|see the question>/g;
const RAW_LT = /</;
/** A Slack control sequence that would notify someone or make a link: <!channel>, <@U…>, <#C…>, <http…|…>. */
const LIVE = /<[!@#]|<https?:/;

export function expectValid<T extends BlockPayload>(payload: T): T {
  assertWithinLimits(payload);
  expect(payload.blocks.length, "at least one block").toBeGreaterThan(0);
  const ids = actionIdsOf(payload);
  expect(new Set(ids).size, `action ids unique: ${ids.join(", ")}`).toBe(ids.length);
  for (const b of buttonsOf(payload)) {
    expect(typeof b.value === "string" && b.value.length <= LIMITS.buttonValue).toBe(true);
    expect(parseButtonValue(b.value), `button ${String(b.action_id)}`).toMatchObject({ ok: true });
  }
  for (const s of parsedStrings(payload)) expect(s.replace(OWN_LINKS, ""), "mrkdwn has every < escaped").not.toMatch(RAW_LT);
  for (const s of markdownStrings(payload)) expect(s, "no live mention or link").not.toMatch(LIVE);
  if ("text" in payload && payload.type === undefined)
    expect(typeof payload.text === "string" && payload.text.length > 0, "fallback text").toBe(true);
  return payload;
}
