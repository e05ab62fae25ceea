// `/maestro api-key create <name> | list | revoke <id or name>`: the studio API's keys, for ADMINs only (the domain
// refuses anyone else), audited as the person. The new key goes only to response_url (ephemeral, to the admin) and
// is never logged; if that fails it is not sent anywhere else, and the admin is told to revoke it.
import type { RespondFn } from "@slack/bolt";
import type { Actor } from "../../../domain/actor.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../../../domain/api-keys/api-key-service.ts";
import { DomainError } from "../../../domain/errors.ts";
import { API_KEY_USAGE, apiKeyCreatedBlocks, apiKeyListBlocks, apiKeyRevokedBlocks } from "../../blocks/api-keys.ts";
import type { Message } from "../../blocks/kit.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { COMMAND } from "../../ids.ts";
import type { Surface } from "../../surface.ts";
import { timeOptions } from "../../tool-calls.ts";

/** Runs the subcommand; `reply` is for everything but the new key, which only `respond` carries. */
export async function apiKeyCommand(
  surface: Surface,
  actor: Actor,
  words: readonly string[],
  io: { reply(message: Message): Promise<unknown>; respond: RespondFn },
): Promise<void> {
  const ctx = { db: surface.db, clock: surface.clock };
  const [verb, ...rest] = words;
  const arg = rest.join(" ").trim();
  try {
    if (verb === "create" && arg) {
      const { key, secret } = await createApiKey(ctx, actor, { name: arg });
      await io
        .respond({ response_type: "ephemeral", replace_original: false, ...apiKeyCreatedBlocks(key, secret) })
        .catch((error: unknown) => {
          surface.logger.warn({ err: error, apiKeyId: key.id }, "slack.api_key.not_shown");
          return io.reply(
            noticeBlocks(`API key ${key.id} “${key.name}” was created but could not be shown to you. Revoke it and create another.`, {
              kind: "warning",
              hint: `\`${COMMAND} api-key revoke ${key.id}\``,
            }),
          );
        });
      return;
    }
    if (verb === "list" && !arg) return void (await io.reply(apiKeyListBlocks(await listApiKeys(ctx, actor), timeOptions(surface))));
    if (verb === "revoke" && arg) return void (await io.reply(apiKeyRevokedBlocks(await revokeApiKey(ctx, actor, arg))));
    await io.reply(
      noticeBlocks("`api-key` manages the studio API's keys.", { kind: "warning", hint: `Usage: \`${COMMAND} ${API_KEY_USAGE}\`` }),
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await io.reply(noticeBlocks(error.message, { kind: error.code === "forbidden" ? "warning" : "error" }));
  }
}
