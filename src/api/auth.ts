// Who is calling: the API key in `Authorization: Bearer mst_…`, checked against its stored hash; 401 otherwise.
import type { IncomingMessage } from "node:http";
import { authenticateApiKey } from "../domain/api-keys/api-key-service.ts";
import type { ApiKeyRow } from "../domain/api-keys/api-key-store.ts";
import type { DomainContext } from "../domain/context.ts";
import { Problem } from "./problem.ts";

const unauthorized = (detail: string) =>
  new Problem(401, "unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="maestro", charset="UTF-8"' } });

export async function authenticate(ctx: DomainContext, req: IncomingMessage): Promise<ApiKeyRow> {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match)
    throw unauthorized("Send an API key as `Authorization: Bearer mst_…` (an ADMIN creates one: `maestro api-key create <name>`).");
  const key = await authenticateApiKey(ctx, match[1]!);
  // One answer for unknown, wrong and revoked keys: a caller learns nothing about which keys exist.
  if (!key) throw unauthorized("This API key is unknown or revoked.");
  return key;
}
