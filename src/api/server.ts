// The studio API's router: served under /api on the port of /healthz (HTTP and Socket Mode alike, as a Bolt custom
// route). Each request: route → key → rate limit → body → schemas → (Idempotency-Key) → handler → JSON or a problem.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import type { ApiSettings } from "../config-api.ts";
import { apiKeyActor } from "../domain/actor.ts";
import type { Clock } from "../domain/clock.ts";
import type { DomainContext } from "../domain/context.ts";
import type { Logger } from "../logger.ts";
import { authenticate } from "./auth.ts";
import { readJsonBody, readRawBody } from "./body.ts";
import { IDEMPOTENCY_HEADER, readIdempotencyKey, requestHash, runIdempotent } from "./idempotency.ts";
import { openApiDocument, OPENAPI_PATH } from "./openapi.ts";
import { fieldProblems, invalidFields, Problem, problemFromError, type FieldProblem } from "./problem.ts";
import { enforceRateLimit } from "./rate-limit.ts";
import { matchPath, type ApiRoute, type RouteResult } from "./route.ts";
import { API_ROUTES } from "./routes/index.ts";

export interface StudioApiDeps {
  db: Knex;
  clock: Clock;
  logger: Logger;
  settings: ApiSettings;
  /** Default: every route of routes/index.ts. */
  routes?: readonly ApiRoute[];
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface StudioApi {
  /** Serves one request under /api; never throws, never leaves a request unanswered. */
  handle: Handler;
  /** The Bolt receiver's customRoutes entry that hands it every /api request. */
  customRoutes: { path: string; method: string[]; handler: Handler }[];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, problem = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": problem ? "application/problem+json" : "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function findRoute(routes: readonly ApiRoute[], method: string, path: string) {
  const matches = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });
  if (!matches.length) throw new Problem(404, "notFound", `There is no endpoint at ${path}; the endpoints are listed in ${OPENAPI_PATH}.`);
  const match = matches.find((m) => m.route.method === method);
  if (!match) {
    const allow = matches.map((m) => m.route.method).join(", ");
    throw new Problem(405, "methodNotAllowed", `${path} accepts ${allow}, not ${method}.`, { headers: { allow } });
  }
  return match;
}

/** The body and query parsed by the route's schemas; every bad field in one 422. */
function parseInput(route: ApiRoute, json: unknown, query: URLSearchParams): { body: unknown; query: unknown } {
  const errors: FieldProblem[] = [];
  const parse = (schema: ZodLike | undefined, value: unknown, where: string) => {
    if (!schema) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    errors.push(...fieldProblems(parsed.error, where));
    return undefined;
  };
  const body = parse(route.body, json, "body");
  const parsedQuery = parse(route.query, Object.fromEntries(query), "query");
  if (errors.length) throw invalidFields(errors);
  return { body, query: parsedQuery };
}
type ZodLike = NonNullable<ApiRoute["body"]>;

export function createStudioApi(deps: StudioApiDeps): StudioApi {
  const routes = deps.routes ?? API_ROUTES;
  const base: DomainContext = { db: deps.db, clock: deps.clock };
  let document: unknown;

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<{ keyId?: string }> {
    if (method === "GET" && url.pathname === OPENAPI_PATH) {
      document ??= openApiDocument(routes);
      send(res, 200, document);
      return {};
    }
    const { route, params } = findRoute(routes, method, url.pathname);
    const key = await authenticate(base, req);
    await enforceRateLimit(deps.db, key.id, deps.settings.rateLimitPerMinute, deps.clock.now());
    const { raw, json } = route.body
      ? await readJsonBody(req, deps.settings.maxBodyBytes)
      : { raw: await readRawBody(req, deps.settings.maxBodyBytes), json: undefined };
    const input = parseInput(route, json, url.searchParams);
    const idempotencyKey = (route.idempotent ?? method !== "GET") ? readIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]) : undefined;
    const actor = apiKeyActor(key);
    const run = (domain: DomainContext): Promise<RouteResult> =>
      route.handle({ ...input, params, key, actor, domain, logger: deps.logger });
    if (idempotencyKey === undefined) {
      const result = await run(base);
      send(res, result.status, result.body);
    } else {
      const claim = { apiKeyId: key.id, idempotencyKey, requestHash: requestHash(method, url.pathname + url.search, raw) };
      const { result, replayed } = await runIdempotent(base, claim, run);
      send(res, result.status, result.body, replayed ? { "idempotent-replayed": "true" } : {});
    }
    return { keyId: key.id };
  }

  const handle: Handler = (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const log = (status: number, keyId?: string) =>
      deps.logger.info(
        { method, path: url.pathname, status, apiKeyId: keyId, ms: Math.round(performance.now() - started) },
        "api.request.end",
      );
    serve(req, res, url, method)
      .then(({ keyId }) => log(res.statusCode, keyId))
      .catch((error: unknown) => {
        const problem = problemFromError(error);
        if (!problem) deps.logger.error({ err: error, method, path: url.pathname }, "api.request.failed");
        const answer =
          problem ?? new Problem(500, "internal", "Maestro could not complete this request; nothing was written. Retry later.");
        // A refused upload is not read to its end: close the connection rather than drain it.
        const close: Record<string, string> = answer.status === 413 ? { connection: "close" } : {};
        send(res, answer.status, answer.body(url.pathname), { ...answer.extra.headers, ...close }, true);
        log(answer.status);
      });
  };

  return { handle, customRoutes: [{ path: "/api/{*rest}", method: ["GET", "POST", "PUT", "PATCH", "DELETE"], handler: handle }] };
}
