// The OpenAPI 3.1 document of the studio API, generated from the routes' own zod schemas (z.toJSONSchema), so the
// document and the validation cannot disagree. Served at GET /api/v1/openapi.json and committed as docs/openapi.json.
import { z } from "zod";
import { PROBLEM_TYPES, problemTypeUri } from "./problem.ts";
import type { ApiRoute } from "./route.ts";

export const OPENAPI_PATH = "/api/v1/openapi.json";

const problemSchema = z
  .object({
    type: z.enum(Object.keys(PROBLEM_TYPES).map((t) => problemTypeUri(t as keyof typeof PROBLEM_TYPES)) as [string, ...string[]]),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong and what to do, for a person."),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          in: z.enum(["body", "query", "path", "header"]),
          field: z.string().describe("The field's dotted name; empty for the whole body."),
          pointer: z.string().describe("RFC 6901 JSON Pointer to the field."),
          detail: z.string(),
        }),
      )
      .optional()
      .describe("Every bad field (422), not just the first."),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const PROBLEM_RESPONSES: Record<number, string> = {
  400: "Malformed JSON or a malformed Idempotency-Key header.",
  401: "No API key, or an unknown or revoked one.",
  413: "The body is larger than MAESTRO_API_MAX_BODY_BYTES.",
  415: "The body is not JSON.",
  422: "Invalid fields (each named in `errors`), or an Idempotency-Key reused with another request.",
  429: "Too many requests for this key this minute (MAESTRO_API_RATE_LIMIT_PER_MINUTE); see Retry-After.",
};

type JsonSchema = Record<string, unknown> & { $defs?: Record<string, unknown> };

/** The schema as a $ref or inline schema, its named parts moved into `components`. */
function collect(schema: z.ZodType, io: "input" | "output", components: Record<string, unknown>) {
  const generated = JSON.stringify(z.toJSONSchema(schema, { io, target: "draft-2020-12" }));
  // Named schemas (.meta({ id })) come back under $defs: point their refs at the document's components instead.
  const { $schema: _dialect, $defs, ...root } = JSON.parse(generated.replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  Object.assign(components, $defs ?? {});
  return root;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

export function openApiDocument(routes: readonly ApiRoute[]) {
  const schemas: Record<string, unknown> = {};
  const problem = collect(problemSchema, "output", schemas);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = route.query ? collect(route.query, "input", schemas) : undefined;
    const queryParams = query
      ? Object.entries((query.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
          name,
          in: "query",
          required: ((query.required ?? []) as string[]).includes(name),
          schema,
        }))
      : [];
    const idempotent = route.idempotent ?? route.method !== "GET";
    const headerParams = idempotent
      ? [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 255 } }]
      : [];
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { "application/json": { schema: collect(response.schema, "output", schemas) } } } : {}),
      };
    }
    for (const [status, description] of Object.entries(PROBLEM_RESPONSES)) {
      responses[status] = { description, content: { "application/problem+json": { schema: problem } } };
    }
    (paths[toOpenApiPath(route.path)] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: [...params, ...queryParams, ...headerParams],
      ...(route.body
        ? { requestBody: { required: true, content: { "application/json": { schema: collect(route.body, "input", schemas) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Maestro studio API",
      version: "1.0.0",
      description:
        "The studio's own doors into Maestro: intakes, contacts and more, from its website, form provider and other systems. " +
        "Every write runs the same domain services as Maestro's tools, in one transaction, audited under the API key, and " +
        "emits the same feed events, so workflow rules fire.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key `mst_…` (`maestro api-key create <name>`)." } },
    },
  };
}
