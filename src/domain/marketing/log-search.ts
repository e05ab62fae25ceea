// A search typed into the studio website's search box: one content_search_log row (what get_content_search_log
// reports), audited, and ContentSearched for the rules that listen to it.
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { invalidInput } from "../errors.ts";
import { recordChange, type RecordedChange } from "../record-change.ts";
import { storableText } from "../untrusted-text.ts";
import { AUDIT_ACTIONS, FEED_EVENT_TYPES } from "../vocabulary.ts";
import { insertSearch, type SearchRow } from "./marketing-store.ts";

export const MAX_SEARCH_QUERY_LENGTH = 500;

export interface SearchLogged {
  search: SearchRow;
  change: RecordedChange;
}

export async function logSearch(ctx: DomainContext, actor: Actor, input: { query: string; resultsCount: number }): Promise<SearchLogged> {
  const query = storableText(input.query.trim());
  if (!query) throw invalidInput("The search query is empty; nothing was logged.", { field: "query" });
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw invalidInput(`The search query is ${query.length} characters; at most ${MAX_SEARCH_QUERY_LENGTH} are logged.`, {
      field: "query",
    });
  }
  if (!Number.isInteger(input.resultsCount) || input.resultsCount < 0) {
    throw invalidInput("results_count must be a whole number, 0 or more; nothing was logged.", { field: "results_count" });
  }
  return ctx.db.transaction(async (trx) => {
    const at = ctx.clock.now();
    const search = await insertSearch(trx, { query, resultsCount: input.resultsCount }, at);
    const change = await recordChange(
      trx,
      {
        actor,
        action: AUDIT_ACTIONS.contentSearchLog,
        target: { type: "content_search", id: search.id },
        details: { query, results_count: input.resultsCount },
        event: { type: FEED_EVENT_TYPES.contentSearched, metadata: { search_id: search.id, query, results_count: input.resultsCount } },
      },
      at,
    );
    return { search, change };
  });
}
