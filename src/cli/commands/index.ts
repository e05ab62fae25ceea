// The routing table of the CLI: every `maestro <command>`. A command's module (and everything it imports) is
// loaded only when that command runs: `maestro start` does not pay for bench, evals, seed or the console.
import type { CommandEntry } from "../command.ts";

export const commands: readonly CommandEntry[] = [
  {
    name: "start",
    summary: "run the Slack bot (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN)",
    load: async () => (await import("./start.ts")).startCommand,
  },
  {
    name: "doctor",
    summary: "check the settings, Slack token and scopes, database, model and channels; one line each with the fix",
    load: async () => (await import("./doctor.ts")).doctorCommand,
  },
  {
    name: "console",
    summary: "try Maestro in the terminal: the Slack app over a fake Slack, with the demo studio",
    load: async () => (await import("./console.ts")).consoleCommand,
  },
  {
    name: "migrate",
    summary: "apply pending database migrations",
    load: async () => (await import("./migrate.ts")).migrateCommand,
  },
  {
    name: "db",
    summary: "copy a studio's data between databases: the embedded one to PostgreSQL (db copy --to postgres://…), or back",
    load: async () => (await import("./db.ts")).dbCommand,
  },
  {
    name: "seed",
    summary: "fill the database with the demo studio, or a large one for benchmarks",
    load: async () => (await import("./seed.ts")).seedCommand,
  },
  {
    name: "import",
    summary: "import contacts, intakes or people from a CSV file (matched by email; --dry-run writes nothing)",
    load: async () => (await import("./import.ts")).importCommand,
  },
  {
    name: "rules",
    summary: "workflow rules as a YAML file: rules export [file], rules apply <file> [--dry-run] [--prune] (diff first)",
    load: async () => (await import("./rules.ts")).rulesCommand,
  },
  {
    name: "tool",
    summary: "run one of the agent's tools and print the result (--list for the catalogue)",
    load: async () => (await import("./tool.ts")).toolCommand,
  },
  {
    name: "digest",
    summary: "show the morning digest (--preview) or post it to DIGEST_CHANNEL now (--post)",
    load: async () => (await import("./digest.ts")).digestCommand,
  },
  {
    name: "api-key",
    summary: "create, list or revoke the studio API's keys (the key is shown once; only its hash is kept)",
    load: async () => (await import("./api-key.ts")).apiKeyCommand,
  },
  {
    name: "openapi",
    summary: "print the studio API's OpenAPI document, or rewrite docs/openapi.json (--write)",
    load: async () => (await import("./openapi.ts")).openApiCommand,
  },
  {
    name: "evals",
    summary: "run the eval scenarios through the real app over a fake Slack, score them and write a report",
    load: async () => (await import("./evals.ts")).evalsCommand,
  },
  {
    name: "bench",
    summary: "benchmark the ack path, the tools, the digest, the loop, the prompt and memory against baselines (PostgreSQL)",
    load: async () => (await import("./bench.ts")).loadBenchCommand(),
  },
];
