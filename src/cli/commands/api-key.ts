// `maestro api-key create <name> | list [--all] | revoke <id|name>`: the studio API's keys, from the terminal (whoever
// can run this can read the database, so it acts as the system, audited with the path "cli"). The secret is shown once.
import { migrateLatest } from "../../db/migrate.ts";
import { systemActor } from "../../domain/actor.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../../domain/api-keys/api-key-service.ts";
import { systemClock } from "../../domain/clock.ts";
import { DomainError } from "../../domain/errors.ts";
import { parseCommandArgs, UsageError, withDatabase, type CliIO, type Command } from "../command.ts";

const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, "Z") : "never");

async function run(verb: string, arg: string | undefined, all: boolean, io: CliIO): Promise<number> {
  return withDatabase(async (db) => {
    await migrateLatest(db.knex);
    const ctx = { db: db.knex, clock: systemClock };
    const actor = systemActor("cli");
    if (verb === "create") {
      const { key, secret } = await createApiKey(ctx, actor, { name: arg! });
      io.out(`created API key ${key.id} “${key.name}”. The key, shown this once (only its hash is kept):`);
      io.out("");
      io.out(`  ${secret}`);
      io.out("");
      io.out(`Send it as: Authorization: Bearer ${secret.slice(0, 16)}…   Revoke it with: maestro api-key revoke ${key.id}`);
      return 0;
    }
    if (verb === "list") {
      const keys = await listApiKeys(ctx, actor, { includeRevoked: all });
      if (!keys.length) io.out(all ? "no API keys" : "no live API keys (create one: maestro api-key create <name>)");
      for (const k of keys) {
        const state = k.revoked_at ? `revoked ${when(k.revoked_at)}` : `last used ${when(k.last_used_at)}`;
        io.out(
          `${k.id}  ${k.name.padEnd(20)}  created ${when(k.created_at)}${k.created_by_name ? ` by ${k.created_by_name}` : ""}  ${state}`,
        );
      }
      return 0;
    }
    const revoked = await revokeApiKey(ctx, actor, arg!);
    io.out(`revoked API key ${revoked.id} “${revoked.name}”: requests with it now get a 401`);
    return 0;
  });
}

export const apiKeyCommand: Command = {
  usage: "maestro api-key create <name> | list [--all] | revoke <id or name>",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { all: { type: "boolean", default: false } }, true);
    const [verb, arg, ...extra] = positionals;
    if (verb !== "create" && verb !== "list" && verb !== "revoke") throw new UsageError("Say create, list or revoke.");
    if (verb !== "list" && !arg)
      throw new UsageError(`api-key ${verb} needs ${verb === "create" ? "a name, e.g. website" : "a key id or name"}.`);
    if (extra.length || (verb === "list" && arg))
      throw new UsageError(`Unexpected: ${[...(verb === "list" ? [arg] : []), ...extra].join(" ")}`);
    try {
      return await run(verb, arg, values.all, io);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      io.err(error.message);
      return 1;
    }
  },
};
