// POST /api/v1/searches: a search typed into the studio website's search box, for the search log report; ContentSearched fires.
import { z } from "zod";
import { logSearch, MAX_SEARCH_QUERY_LENGTH } from "../../domain/marketing/log-search.ts";
import { defineRoute } from "../route.ts";
import { rulesFired, rulesFiredSchema } from "./schemas.ts";

export const searchCreateSchema = z
  .strictObject({
    query: z
      .string({ message: "must be text" })
      .trim()
      .min(1, { message: "is required" })
      .max(MAX_SEARCH_QUERY_LENGTH, { message: `must be at most ${MAX_SEARCH_QUERY_LENGTH} characters` })
      .describe("What the visitor typed."),
    results_count: z
      .number({ message: "must be a number" })
      .int()
      .min(0)
      .max(1_000_000)
      .describe("How many results the site showed (0 = nothing found)."),
  })
  .meta({ id: "SearchCreate" });

export const searchResponseSchema = z
  .object({
    search: z.object({ id: z.number().int(), query: z.string(), results_count: z.number().int(), created_at: z.iso.datetime() }),
    rules_fired: rulesFiredSchema,
  })
  .meta({ id: "SearchLogged" });

export const logSearchRoute = defineRoute({
  method: "POST",
  path: "/api/v1/searches",
  operationId: "logSearch",
  tag: "searches",
  summary: "Log a website search",
  description: "Records a search from the website's search box (what `/maestro searches` reports); emits ContentSearched.",
  body: searchCreateSchema,
  responses: { 201: { description: "The search was logged.", schema: searchResponseSchema } },
  async handle({ body, actor, domain }) {
    const { search, change } = await logSearch(domain, actor, { query: body.query, resultsCount: body.results_count });
    return {
      status: 201,
      body: {
        search: { id: search.id, query: search.query, results_count: search.results_count, created_at: search.created_at.toISOString() },
        rules_fired: rulesFired([change]),
      },
    };
  },
});
