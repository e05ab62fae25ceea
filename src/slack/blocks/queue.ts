// The intake queue (get_intake_queue): counts by status, one section per intake, and what to type for the rest.
import type { KnownBlock } from "@slack/types";
import { COMMAND } from "../ids.ts";
import { age, type TimeOptions } from "./format.ts";
import { context, header, message, moreNote, section, type Message } from "./kit.ts";
import { oneLine, safeText } from "./limits.ts";

import type { ToolOutput } from "../../tools/catalogue.ts";

type QueueResult = ToolOutput<"get_intake_queue">;
export type QueueIntake = QueueResult["intakes"][number];

/** Intakes shown in one message; the rest are counted. */
export const QUEUE_MAX_ITEMS = 20;
const GOALS_MAX = 300;

export const ownerName = (owner: QueueIntake["owner"]): string =>
  owner === null ? "unassigned" : owner.name ? oneLine(owner.name) : `user ${owner.id}`;

/** "status NEW, owner unassigned" — the filter in words, echoed when nothing matches. */
function filterText(filter: QueueResult["filter"]): string {
  const parts = [filter.status.startsWith("OPEN") ? "open intakes" : `status ${filter.status}`];
  if (filter.owner_user_id === "unassigned") parts.push("unassigned");
  else if (typeof filter.owner_user_id === "number") parts.push(`owner user ${filter.owner_user_id}`);
  return parts.join(", ");
}

export const countsLine = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([status, n]) => `${n.toLocaleString("en-GB")} ${status}`)
    .join(" · ");

/** One intake as a list entry: name, status, id, age, owner, goals. */
export function intakeSection(intake: QueueIntake, now: Date) {
  const facts = [`${age(intake.created_at, now)} old`, `owner ${safeText(ownerName(intake.owner), 100)}`];
  if (intake.audience) facts.push(safeText(oneLine(intake.audience), 80));
  if (intake.email) facts.push(safeText(intake.email, 120));
  const goals = intake.goals ? `\n>${safeText(oneLine(intake.goals), GOALS_MAX)}` : "";
  return section(`*${safeText(oneLine(intake.contact_name), 200)}* · \`${intake.status}\` · #${intake.id}\n${facts.join(" · ")}${goals}`);
}

export function queueBlocks(result: QueueResult, opts: TimeOptions): Message {
  const counts = countsLine(result.counts_by_status);
  if (result.total === 0) {
    const line = `The queue is empty (${filterText(result.filter)}).`;
    return message(line, [section(line)]);
  }
  const shown = result.intakes.slice(0, QUEUE_MAX_ITEMS);
  const open = result.filter.status.startsWith("OPEN");
  const blocks: KnownBlock[] = [header(`Intake queue · ${counts}`)];
  if (result.filter.owner_user_id !== "any") blocks.push(context(`Filter: ${filterText(result.filter)}`));
  if (!shown.length) blocks.push(section(`No intakes on this page (offset ${result.offset} of ${result.total}).`));
  blocks.push(...shown.map((i) => intakeSection(i, opts.now)));
  const hint = open ? `\`${COMMAND} queue <status>\`` : "ask Maestro for the next page.";
  const more = moreNote(shown.length, result.total, hint, result.offset);
  if (more) blocks.push(context(more));
  const text = `Intake queue: ${result.total} ${open ? "open " : ""}intake${result.total === 1 ? "" : "s"} (${counts}).`;
  return message(text, blocks);
}
