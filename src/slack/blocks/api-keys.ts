// The studio API's keys in Slack (`/maestro api-key …`): the new key (shown once), the list, a revocation. Pure.
import type { ApiKeySummary } from "../../domain/api-keys/api-key-store.ts";
import { COMMAND } from "../ids.ts";
import { formatTime, type TimeOptions } from "./format.ts";
import { context, header, message, moreNote, section, type Message } from "./kit.ts";
import { clip, escapeMrkdwn } from "./limits.ts";

/** A section's text holds about this many lines of keys (names are at most 60 characters). */
const API_KEYS_SHOWN = 20;

export const API_KEY_USAGE = "api-key create <name> | list | revoke <id or name>";

/** The one time the key is shown: to the admin who created it, ephemerally. */
export function apiKeyCreatedBlocks(key: { id: string; name: string }, secret: string): Message {
  return message(`API key ${key.id} “${key.name}” created. Copy it now: it is not shown again.`, [
    section(`🔑 API key \`${key.id}\` *${escapeMrkdwn(key.name)}* created. Copy it now: it is not shown again (only its hash is kept).`),
    section(`\`\`\`${secret}\`\`\``),
    context(`Send it as \`Authorization: Bearer mst_…\` to the studio API. Revoke it with \`${COMMAND} api-key revoke ${key.id}\`.`),
  ]);
}

export function apiKeyListBlocks(keys: readonly ApiKeySummary[], time: TimeOptions): Message {
  if (!keys.length) {
    return message("No live API keys.", [section(`No live API keys. Create one for the website: \`${COMMAND} api-key create website\`.`)]);
  }
  const lines = keys
    .slice(0, API_KEYS_SHOWN)
    .map(
      (k) =>
        `\`${k.id}\` *${escapeMrkdwn(k.name)}* — created ${formatTime(k.created_at, time)}${
          k.created_by_name ? ` by ${escapeMrkdwn(k.created_by_name)}` : ""
        } · last used ${k.last_used_at ? formatTime(k.last_used_at, time) : "never"}`,
    );
  const more =
    keys.length > API_KEYS_SHOWN ? [context(moreNote(API_KEYS_SHOWN, keys.length, `\`maestro api-key list\` lists them all.`))] : [];
  return message(`${keys.length} live API key(s).`, [header("Studio API keys"), section(clip(lines.join("\n"), 2900)), ...more]);
}

export const apiKeyRevokedBlocks = (key: { id: string; name: string }): Message =>
  message(`API key ${key.id} “${key.name}” revoked.`, [
    section(`API key \`${key.id}\` *${escapeMrkdwn(key.name)}* revoked: requests with it now get a 401.`),
  ]);
