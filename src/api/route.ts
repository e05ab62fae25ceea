// What one endpoint of the studio API is: method, path, zod schemas (which validate the request and generate the
// OpenAPI document), and a handler over the domain. Adding an endpoint = one file with a defineRoute + a line in routes/.
import type { z } from "zod";
import type { Actor } from "../domain/actor.ts";
import type { ApiKeyRow } from "../domain/api-keys/api-key-store.ts";
import type { DomainContext } from "../domain/context.ts";
import type { Logger } from "../logger.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContext<Body, Query> {
  body: Body;
  query: Query;
  /** `:name` segments of the path, e.g. { id: "12" } for /api/v1/slots/:id/book. */
  params: Record<string, string>;
  /** The calling key; its actor (type API_KEY) goes into every audit row and feed event. */
  key: ApiKeyRow;
  actor: Actor;
  /** The domain's database and clock: inside the request's transaction when an Idempotency-Key was sent. */
  domain: DomainContext;
  logger: Logger;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

interface RouteShape {
  method: HttpMethod;
  /** Under /api/v1, with `:name` for a path parameter. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Success responses by status (the problem responses are added to the document for every route). */
  responses: Record<number, RouteResponse>;
  /** Honours Idempotency-Key (default: every method but GET). */
  idempotent?: boolean;
}

export interface RouteDefinition<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> extends RouteShape {
  body?: B;
  query?: Q;
  handle(
    ctx: RouteContext<B extends z.ZodType ? z.output<B> : undefined, Q extends z.ZodType ? z.output<Q> : undefined>,
  ): Promise<RouteResult>;
}

/** A route with its types erased, as the router and the OpenAPI generator hold it. */
export interface ApiRoute extends RouteShape {
  body?: z.ZodType;
  query?: z.ZodType;
  handle(ctx: RouteContext<unknown, unknown>): Promise<RouteResult>;
}

export function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  route: RouteDefinition<B, Q>,
): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The params of `pattern` in `path` (both without query), or undefined when they do not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(":")) {
      if (!got[i]) return undefined;
      params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}
