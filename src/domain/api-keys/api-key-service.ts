// API keys for the studio API: created (the secret shown once), listed and revoked by an ADMIN, audited; a presented
// key checked against its stored hash. Key format: mst_<id>_<secret>, the id an indexed lookup, the secret 256 bits.
import crypto from "node:crypto";
import type { Actor } from "../actor.ts";
import type { DomainContext } from "../context.ts";
import { conflict, DomainError, forbidden, invalidInput } from "../errors.ts";
import { recordChange } from "../record-change.ts";
import { liveRoles } from "../users/user-store.ts";
import { AUDIT_ACTIONS } from "../vocabulary.ts";
import {
  findApiKey,
  findLiveApiKeyByName,
  insertApiKey,
  listApiKeyRows,
  revokeApiKeyRow,
  touchApiKey,
  type ApiKeyRow,
  type ApiKeySummary,
} from "./api-key-store.ts";

export const API_KEY_PREFIX = "mst_";
const KEY_PATTERN = /^mst_(k[a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** "k" and ten base32 letters: never all digits, so an audit row's actor_id is never mistaken for a user id. */
function newKeyId(): string {
  return `k${[...crypto.randomBytes(10)].map((b) => BASE32[b % 32]).join("")}`;
}

/** Only an ADMIN manages keys; the CLI (whoever can run it can read the database) acts as the system. */
async function assertMayManageKeys(ctx: DomainContext, actor: Actor): Promise<void> {
  if (actor.type === "SYSTEM" && actor.path === "cli") return;
  if (actor.userId === null || !(await liveRoles(ctx.db, actor.userId)).includes("ADMIN")) {
    throw forbidden("Only an ADMIN can manage API keys.");
  }
}

export interface CreatedApiKey {
  key: ApiKeyRow;
  /** The whole key: shown once, to the admin who created it; only its hash is stored. */
  secret: string;
}

export async function createApiKey(ctx: DomainContext, actor: Actor, input: { name: string }): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (!/^[\w .@-]{1,60}$/u.test(name)) {
    throw invalidInput("An API key's name is 1 to 60 letters, digits, spaces, dots, dashes, underscores or @ (e.g. website).");
  }
  await assertMayManageKeys(ctx, actor);
  return ctx.db.transaction(async (trx) => {
    if (await findLiveApiKeyByName(trx, name)) {
      throw conflict(`A live API key is already named “${name}”: revoke it first or choose another name.`);
    }
    const id = newKeyId();
    const secret = `${API_KEY_PREFIX}${id}_${crypto.randomBytes(32).toString("base64url")}`;
    const at = ctx.clock.now();
    const key = await insertApiKey(trx, { id, name, secretHash: sha256(secret), createdBy: actor.userId }, at);
    await recordChange(trx, { actor, action: AUDIT_ACTIONS.apiKeyCreate, target: { type: "api_key", id }, details: { name } }, at);
    return { key, secret };
  });
}

export async function listApiKeys(ctx: DomainContext, actor: Actor, options: { includeRevoked?: boolean } = {}): Promise<ApiKeySummary[]> {
  await assertMayManageKeys(ctx, actor);
  return listApiKeyRows(ctx.db, { includeRevoked: options.includeRevoked ?? false });
}

/** Revokes by id (k…) or by the live key's name. */
export async function revokeApiKey(ctx: DomainContext, actor: Actor, idOrName: string): Promise<ApiKeyRow> {
  await assertMayManageKeys(ctx, actor);
  return ctx.db.transaction(async (trx) => {
    const key = (await findApiKey(trx, idOrName.trim())) ?? (await findLiveApiKeyByName(trx, idOrName.trim()));
    if (!key) throw new DomainError("not_found", `No API key ${idOrName}: list them with \`maestro api-key list\`.`);
    const at = ctx.clock.now();
    const revoked = await revokeApiKeyRow(trx, key.id, actor.userId, at);
    if (!revoked) throw conflict(`API key ${key.id} (“${key.name}”) was already revoked.`);
    await recordChange(
      trx,
      { actor, action: AUDIT_ACTIONS.apiKeyRevoke, target: { type: "api_key", id: key.id }, details: { name: key.name } },
      at,
    );
    return revoked;
  });
}

/** The live key a presented secret belongs to, or undefined (malformed, unknown, wrong secret or revoked). */
export async function authenticateApiKey(ctx: DomainContext, presented: string): Promise<ApiKeyRow | undefined> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  const key = await findApiKey(ctx.db, match[1]!);
  if (!key || key.revoked_at) return undefined;
  const expected = Buffer.from(key.secret_hash, "hex");
  const given = Buffer.from(sha256(presented), "hex");
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  await touchApiKey(ctx.db, key.id, ctx.clock.now());
  return key;
}
