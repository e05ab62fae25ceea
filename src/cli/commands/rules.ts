// `maestro rules export [file]` and `maestro rules apply <file> [--dry-run] [--prune]`: workflow rules as a YAML file,
// applied with the diff shown first, all or nothing, audited as the CLI.
import fs from "node:fs";
import { migrateLatest } from "../../db/migrate.ts";
import { systemActor } from "../../domain/actor.ts";
import { canonicalJson } from "../../domain/canonical-json.ts";
import { systemClock } from "../../domain/clock.ts";
import { DomainError } from "../../domain/errors.ts";
import { definitionOf } from "../../domain/workflows/rule-definition.ts";
import { applyRules, type RulePlanEntry } from "../../domain/workflows/rule-apply-service.ts";
import { parseRulesFile, ruleFileErrorText, rulesToYaml } from "../../domain/workflows/rule-file.ts";
import { allRules } from "../../domain/workflows/rule-store.ts";
import { parseCommandArgs, UsageError, withDatabase, type CliIO, type Command } from "../command.ts";

const USAGE =
  "maestro rules export [file]            write every workflow rule as YAML (to stdout without a file)\n" +
  "maestro rules apply <file> [--dry-run] [--prune]\n\n" +
  "  apply shows the diff first (created / changed fields / unchanged), then writes it in one transaction.\n" +
  "  --dry-run  show the diff and write nothing\n" +
  "  --prune    also delete the rules that are not in the file (otherwise they are left alone)";

/** Keys sorted: jsonb hands objects back in its own key order. */
const show = (value: unknown) => canonicalJson(value ?? null);

/** The diff, one line per rule (and one per changed field). */
export function planLines(plan: readonly RulePlanEntry[]): string[] {
  return plan.flatMap((entry) => {
    switch (entry.kind) {
      case "create":
        return [`+ create  ${entry.name}`];
      case "update":
        return [
          `~ change  ${entry.name} (rule ${entry.id})`,
          ...entry.changed.map((f) => `    ${f}: ${show(entry.before[f])} → ${show(entry.after[f])}`),
        ];
      case "unchanged":
        return [`= same    ${entry.name}`];
      case "delete":
        return [`- delete  ${entry.name} (rule ${entry.id})`];
      case "kept":
        return [`  keep    ${entry.name} (rule ${entry.id}: not in the file; --prune would delete it)`];
    }
  });
}

async function exportRules(file: string | undefined, io: CliIO): Promise<number> {
  return withDatabase(async (db) => {
    await migrateLatest(db.knex);
    const rules = await allRules(db.knex);
    const yaml = rulesToYaml(rules.map(definitionOf));
    if (!file) {
      for (const line of yaml.trimEnd().split("\n")) io.out(line);
      return 0;
    }
    fs.writeFileSync(file, yaml);
    io.err(`wrote ${rules.length} rule${rules.length === 1 ? "" : "s"} to ${file}`);
    return 0;
  });
}

async function applyFile(file: string, options: { dryRun: boolean; prune: boolean }, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = parseRulesFile(text);
  if (!parsed.ok) {
    io.err(`${file} is not valid; nothing was written:`);
    for (const e of parsed.errors) io.err(`  ${ruleFileErrorText(e)}`);
    return 1;
  }
  return withDatabase(async (db) => {
    await migrateLatest(db.knex);
    try {
      const result = await applyRules({ db: db.knex, clock: systemClock }, systemActor("cli"), parsed.rules, { ...options, source: file });
      for (const line of planLines(result.plan)) io.out(line);
      const { create, update, unchanged, delete: deleted } = result.counts;
      const summary = `${create} to create, ${update} to change, ${unchanged} unchanged${options.prune ? `, ${deleted} to delete` : ""}`;
      io.out(
        options.dryRun ? `dry run: ${summary}; nothing was written` : result.written ? `applied: ${summary}` : `nothing to do: ${summary}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      io.err(`nothing was written: ${error.message}`);
      return 1;
    }
  });
}

export const rulesCommand: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { "dry-run": { type: "boolean", default: false }, prune: { type: "boolean", default: false } },
      true,
    );
    const [verb, file, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
    if (verb === "export") {
      if (values["dry-run"] || values.prune) throw new UsageError("--dry-run and --prune belong to `rules apply`");
      return exportRules(file, io);
    }
    if (verb === "apply") {
      if (!file) throw new UsageError("name the rules file: maestro rules apply rules.yaml");
      return applyFile(file, { dryRun: values["dry-run"], prune: values.prune }, io);
    }
    throw new UsageError(verb ? `unknown rules command: ${verb}` : "choose export or apply");
  },
};
