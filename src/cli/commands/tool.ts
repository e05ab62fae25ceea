// `maestro tool`: run one tool against the configured database and print its result as JSON.
import type { Knex } from "knex";
import type { Config } from "../../config.ts";
import { systemActor, type Actor } from "../../domain/actor.ts";
import { systemClock } from "../../domain/clock.ts";
import { DomainError } from "../../domain/errors.ts";
import { domainErrorText } from "../../tools/model-hints.ts";
import { findUserBySlackId, isStaffRoleSet, liveRoles } from "../../domain/users/user-store.ts";
import { createCatalogueRegistry } from "../../tools/catalogue.ts";
import { executeTool } from "../../tools/execute.ts";
import { describeEffect } from "../../tools/registry.ts";
import { isDynamicEffect } from "../../tools/tool.ts";
import { parseCommandArgs, UsageError, withDatabase, type Command } from "../command.ts";

/** The human the CLI acts as: --as, else the first bootstrap admin; reads may run as the system. */
async function resolveActor(db: Knex, config: Config, slackId: string | undefined): Promise<Actor | undefined> {
  const id = slackId ?? config.adminSlackIds[0];
  if (!id) return undefined;
  const user = await findUserBySlackId(db, id);
  if (!user) throw new UsageError(`No user has Slack id ${id}. Seed the database or pass --as with a staff member's Slack id.`);
  if (!isStaffRoleSet(await liveRoles(db, user.id))) throw new UsageError(`${user.name} (${id}) is not staff (ADMIN or STAFF).`);
  return { type: "USER", userId: user.id, name: user.name, path: "cli", slackUserId: id };
}

export const toolCommand: Command = {
  usage: "maestro tool <name> ['<json arguments>'] [--as <slack-user-id>] [--yes]   |   maestro tool --list",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { list: { type: "boolean", default: false }, as: { type: "string" }, yes: { type: "boolean", default: false } },
      true,
    );
    const registry = createCatalogueRegistry();
    if (values.list) {
      const width = Math.max(...registry.tools.map((t) => t.name.length));
      for (const tool of registry.tools) io.out(`${tool.name.padEnd(width)}  ${tool.group.padEnd(11)}  ${describeEffect(tool)}`);
      return 0;
    }
    const [name, json, ...extra] = positionals;
    if (!name || extra.length) throw new UsageError("Give one tool name and at most one JSON argument object.");
    if (!registry.get(name)) throw new UsageError(`There is no tool named ${name}. Run \`maestro tool --list\`.`);
    let args: unknown = {};
    if (json !== undefined) {
      try {
        args = JSON.parse(json);
      } catch (error) {
        throw new UsageError(`The arguments are not valid JSON: ${(error as Error).message}`);
      }
    }
    return withDatabase(async (db, config) => {
      const actor = (await resolveActor(db.knex, config, values.as)) ?? systemActor("cli");
      const tool = registry.get(name)!;
      const ctx = {
        db: db.knex,
        engine: db.engine,
        clock: systemClock,
        config,
        actor,
        decision: values.yes ? ({ via: "cli" } as const) : undefined,
      };
      if (values.yes && tool.authorize) {
        try {
          await tool.authorize(tool.input.parse(args), ctx);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          io.err(JSON.stringify({ ok: false, error: { code: error.code, message: domainErrorText(error) } }, null, 2));
          return 1;
        }
      }
      if (actor.type === "SYSTEM" && (isDynamicEffect(tool.effect) || tool.effect.effect !== "read")) {
        throw new UsageError("Changes need a human: pass --as <slack-user-id> of a staff member (or set MAESTRO_ADMIN_SLACK_IDS).");
      }
      const outcome = await executeTool(registry, name, args, ctx);
      if (!outcome.ok && outcome.error.code === "needs_confirmation") {
        io.err(`${outcome.error.message}\nRe-run with --yes to confirm it as ${actor.name}.`);
        return 1;
      }
      if (!outcome.ok) {
        io.err(JSON.stringify({ ok: false, error: outcome.error }, null, 2));
        return 1;
      }
      io.out(JSON.stringify(outcome.result, null, 2));
      return 0;
    });
  },
};
