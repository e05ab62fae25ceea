// Test support: text written to break a renderer — mentions, links, markup, emoji, right-to-left scripts, sheer length.
import { HOUR_MS } from "../../domain/clock.ts";

export const NOW = new Date("2026-11-24T15:00:00.000Z");
export const TZ = "Europe/London";
export const OPTS = { timeZone: TZ, now: NOW } as const;

export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR_MS).toISOString();
export const hoursAhead = (h: number) => new Date(NOW.getTime() + h * HOUR_MS).toISOString();

/** Mentions and a link that must stay inert, mrkdwn and markdown markup, a code fence, emoji with ZWJ, Hebrew and Arabic. */
export const HOSTILE =
  "<!channel> <!here> <@U123> <#C999> <!subteam^S1> <https://evil.example|click me> & *bold* _it_ ``` fence ``` " +
  "🎉👩‍👩‍👧‍👦🏳️‍🌈 שלום עולם مرحبا بالعالم";

/** `n` characters of hostile text, cut so an emoji may sit on the edge. */
export function long(n: number, seed = HOSTILE): string {
  let s = "";
  while (s.length < n) s += `${seed} `;
  return s.slice(0, n);
}

/** One unbroken run (no spaces to cut at). */
export const unbroken = (n: number) => "x".repeat(n);
