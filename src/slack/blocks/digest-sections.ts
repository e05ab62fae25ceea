// The digest's sections: each says "none" in one line when empty and ends a long list with the command for the rest.
import type { KnownBlock } from "@slack/types";
import { DIGEST_TOP, isPartError, type DigestContent, type DigestPart } from "../../digest/digest-content.ts";
import { BLOCKS, COMMAND, blockId } from "../ids.ts";
import { slotLine } from "./bookings.ts";
import { age, formatClock, formatTime, plural, relative, signed, type TimeOptions } from "./format.ts";
import { context, fields, section } from "./kit.ts";
import { oneLine, safeText } from "./limits.ts";
import { countsLine } from "./queue.ts";
import { roleRequestItemBlocks } from "./role-requests.ts";

const TODAY_LINES = 10;
const OPEN_TIMES = 12;

const failed = isPartError;
const unavailable = (title: string, part: { error: string }) => section(`*${title}*\n⚠️ Could not load this: ${safeText(part.error, 500)}`);
const n = (x: number) => x.toLocaleString("en-GB");
/** "…and 495 more — `/maestro approvals`" */
const more = (shown: number, total: number, command: string): KnownBlock[] =>
  total > shown ? [context(`…and ${n(total - shown)} more — \`${COMMAND} ${command}\``)] : [];

export const allClear = (c: DigestContent): string =>
  `✅ *All clear.* No new intakes waiting, no pending role requests and no workflow failures in the last 24 h.${
    failed(c.today) || c.today.booked.length ? "" : " Nothing booked today."
  }`;

export function headline(c: DigestContent) {
  const value = <T extends object>(part: DigestPart<T>, show: (p: T) => string) => (failed(part) ? "⚠️ unavailable" : show(part));
  return fields([
    `*Open queue*\n${value(c.queue, (q) => n(q.total))}`,
    `*New, untriaged*\n${value(c.newIntakes, (q) => (q.items[0] ? `${n(q.total)} · oldest ${age(q.items[0].created_at, new Date(c.generatedAt))}` : "0"))}`,
    `*Pending approvals*\n${value(c.roleRequests, (r) => n(r.total))}`,
    `*Workflow failures (24 h)*\n${value(c.failures, (f) => n(f.total))}`,
    `*Today*\n${value(c.today, (t) => `${n(t.booked.length)} booked · ${n(t.open.length)} open`)}`,
  ]);
}

export function newIntakesPart(c: DigestContent, opts: TimeOptions): KnownBlock[] {
  const title = "🆕 New, untriaged intakes";
  if (failed(c.newIntakes)) return [unavailable(title, c.newIntakes)];
  const { total, items } = c.newIntakes;
  if (total === 0) return [section(`*${title}* — none waiting.`)];
  const lines = items.slice(0, DIGEST_TOP).map((i) => {
    const facts = [`#${i.id}`, `waiting ${age(i.created_at, opts.now)}`];
    if (i.audience) facts.push(safeText(oneLine(i.audience), 60));
    return `• *${safeText(oneLine(i.contact_name), 120)}* · ${facts.join(" · ")}`;
  });
  return [
    section(`*${title} · ${n(total)}* — oldest waiting ${age(items[0]?.created_at, opts.now)}\n${lines.join("\n")}`),
    ...more(lines.length, total, "queue new"),
  ];
}

export function queueLine(c: DigestContent): string {
  if (failed(c.queue)) return `Queue by status: could not load (${safeText(c.queue.error, 300)}).`;
  if (c.queue.total === 0) return "The open queue is empty.";
  const counts = Object.fromEntries(Object.entries(c.queue.counts_by_status).filter(([, v]) => v > 0));
  return `Open queue ${n(c.queue.total)}: ${countsLine(counts)}`;
}

export function roleRequestsPart(c: DigestContent, opts: TimeOptions): KnownBlock[] {
  const title = "🙋 Pending role requests";
  if (failed(c.roleRequests)) return [unavailable(title, c.roleRequests)];
  const { total, items } = c.roleRequests;
  if (total === 0) return [section(`*${title}* — none.`)];
  const top = items.slice(0, DIGEST_TOP);
  // The same item blocks as `/maestro approvals`, with digest block ids so a click updates this message.
  const blocks = top.flatMap((r) =>
    roleRequestItemBlocks(r, opts).map((b) => ({
      ...b,
      block_id: blockId(b.type === "actions" ? BLOCKS.digestRoleActions : BLOCKS.digestRoleRequest, r.id),
    })),
  );
  return [section(`*${title} · ${n(total)}*`), ...blocks, ...more(top.length, total, "approvals")];
}

export function failuresPart(c: DigestContent, opts: TimeOptions): KnownBlock[] {
  const title = "⚠️ Workflow failures";
  if (failed(c.failures)) return [unavailable(title, c.failures)];
  const { total, items } = c.failures;
  if (total === 0) return [section(`*${title}* — no workflow failures in the last 24 h.`)];
  const lines = items.slice(0, DIGEST_TOP).map((e) => {
    const rule = safeText(oneLine(e.rule.name ?? `rule ${e.rule.id ?? "?"}`), 120);
    const error = e.error ? `\n   _${safeText(oneLine(e.error), 200)}_` : "";
    return `• *${rule}* · ${safeText(e.event_type ?? "event", 60)} · ${relative(e.created_at, opts.now)} · run #${e.id}${error}`;
  });
  return [section(`*${title} · last 24 h · ${n(total)}*\n${lines.join("\n")}`), ...more(lines.length, total, "workflows failed")];
}

export function todayPart(c: DigestContent, opts: TimeOptions): KnownBlock[] {
  const title = "📅 Today";
  if (failed(c.today)) return [unavailable(title, c.today)];
  const { booked, open } = c.today;
  if (!booked.length && !open.length) return [section(`*${title}* — no bookings and no open slots.`)];
  const lines = booked.slice(0, TODAY_LINES).map((s) => `• ${slotLine(s, opts)}`);
  if (!booked.length) lines.push("No bookings today.");
  else if (booked.length > TODAY_LINES) lines.push(`…and ${n(booked.length - TODAY_LINES)} more — \`${COMMAND} bookings\``);
  if (open.length) {
    const times = open.slice(0, OPEN_TIMES).map((s) => formatClock(s.start_at, opts.timeZone));
    lines.push(`Open slots: ${times.join(", ")}${open.length > OPEN_TIMES ? ` and ${n(open.length - OPEN_TIMES)} more` : ""}`);
  } else lines.push("No open slots left today.");
  return [section(`*${title} · ${plural(booked.length, "booking")}, ${plural(open.length, "open slot")}*\n${lines.join("\n")}`)];
}

export function activityLine(c: DigestContent): string {
  if (failed(c.activity)) return `📈 Activity: could not load (${safeText(c.activity.error, 300)}).`;
  const { days, total, top } = c.activity;
  if (total === 0) return `📈 No studio activity in the last ${plural(days, "day")}.`;
  const kinds = top.slice(0, 4).map((g) => `${n(g.count)} ${safeText(g.event_type, 60)}`);
  return `📈 Last ${plural(days, "day")}: ${plural(total, "event")} — ${kinds.join(" · ")}${top.length > 4 ? " · …" : ""}`;
}

export function changesLine(c: DigestContent, opts: TimeOptions): string {
  if (!c.changes) return "🔁 First digest: nothing to compare with yet.";
  const since = formatTime(c.changes.postedAt, opts);
  if (!c.changes.figures.length) return `🔁 Since the digest of ${since}: nothing to compare.`;
  const parts = c.changes.figures.map((f) => `${f.label} ${n(f.now)} (${signed(f.now - f.before)})`);
  return `🔁 Since the digest of ${since}: ${parts.join(" · ")}`;
}
