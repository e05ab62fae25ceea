// Which row a role or rule button decides, and whether the message it was clicked on showed that row. A button's value,
// action_id and block_id are all built from the same row, so a value that names another row is a forged or crossed
// click; a posted digest keeps the message as it was posted, so a digest click must name a row that digest showed.
// (Lists and the Home tab keep no record: they are re-run as the clicker, who may decide any row they can see.)
import { digestPendingIds } from "../blocks/digest.ts";
import { BLOCKS, parseButtonValue } from "../ids.ts";
import type { Surface } from "../surface.ts";
import type { DecisionOrigin } from "./origin.ts";

export const CROSSED_CLICK_TEXT = "That button does not belong to the row it was clicked on, so nothing was changed.";

/** Our block id prefixes that carry a row's id (`maestro.role.actions:12`). */
const ROW_BLOCKS = [BLOCKS.roleActions, BLOCKS.digestRoleActions, BLOCKS.rule, BLOCKS.ruleActions];

const keyOf = (id: string | undefined, prefixes: readonly string[]): string | undefined => {
  const prefix = prefixes.find((p) => id?.startsWith(`${p}:`));
  return prefix === undefined ? undefined : id!.slice(prefix.length + 1);
};

/**
 * The row id a button's value names, when its action_id (`maestro.role.approve:12`) — and its block_id, when it is one
 * of ours — were built for that same row; undefined otherwise (unreadable, or crossed).
 */
export function boundRowId(action: { action_id: string; block_id?: string; value?: string }, base: string): number | undefined {
  const parsed = parseButtonValue(action.value);
  if (!parsed.ok || typeof parsed.value.id !== "number") return undefined;
  const id = String(parsed.value.id);
  if (keyOf(action.action_id, [base]) !== id) return undefined;
  const blockKey = keyOf(action.block_id, ROW_BLOCKS);
  if (blockKey !== undefined && blockKey !== id) return undefined;
  return parsed.value.id;
}

/** A click on a posted digest decides only a request that digest showed: as recorded with its run, else as Slack showed it. */
export async function digestShowed(surface: Surface, origin: DecisionOrigin, requestId: number): Promise<boolean> {
  if (origin.kind !== "digest") return true;
  const posted = (await surface.digest.postedMessage(origin.channel, origin.ts)) ?? origin.shown;
  return !posted || digestPendingIds(posted.blocks).includes(requestId);
}
