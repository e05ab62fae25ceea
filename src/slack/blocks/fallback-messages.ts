// The simpler forms a message degrades to when Slack refuses it (plain text in parts, no blocks), and the notes that
// tell a person where an answer went instead of where they asked.
import { section, type Message } from "./kit.ts";
import { escapeMrkdwn } from "./limits.ts";
import { splitMarkdown } from "./reply.ts";

/** Slack advises keeping a message's text under 4,000 characters; parts stay well inside that. */
export const PLAIN_PART_MAX = 3000;
/** A message never becomes more than this many plain parts (a reply message is at most 12,000 characters). */
const PLAIN_PARTS_MAX = 6;

/** The message as plain text only (its fallback text, which carries the content), split into parts Slack accepts. */
export function plainTextParts(message: Message): Message[] {
  const parts = splitMarkdown(message.text || " ", PLAIN_PART_MAX);
  const kept = parts.slice(0, PLAIN_PARTS_MAX);
  if (kept.length < parts.length) kept[kept.length - 1] = `${kept[kept.length - 1]}\n\n_(cut short to fit Slack)_`;
  return kept.map((text) => ({ text, blocks: [] }));
}

/** Where the answer was meant to go, as Slack links it (a channel id is Slack's own, never user text). */
function placeName(place: { channel: string; threadTs?: string }): string {
  const channel = /^[A-Z0-9]+$/.test(place.channel) ? `<#${place.channel}>` : "the channel";
  return place.threadTs ? `the thread in ${channel}` : channel;
}

/** Posted first in the person's DM when their answer could not reach the place they asked in. */
export function reroutedNote(place: { channel: string; threadTs?: string }, code: string): Message {
  const text = `⚠️ I couldn't post in ${placeName(place)} (Slack said \`${escapeMrkdwn(code)}\`), so here is what I meant to post there.`;
  return { text, blocks: [section(text)] };
}

/** Told to a clicker when the card they clicked could not be updated to show what their click did. */
export const cardNotUpdatedText = (outcome: string): string =>
  `${outcome} (The card itself could not be updated, so it may still show its old state.)`;
