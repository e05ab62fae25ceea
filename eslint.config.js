// Lint: typescript-eslint's recommended rules plus the layering rules of STYLE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Type-only imports are allowed: a layer may hold a handle (a Knex) it passes down without using it.
const layer = (from, forbidden, message) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    "no-restricted-imports": ["error", { patterns: forbidden.map((group) => ({ group: [group], message, allowTypeImports: true })) }],
  },
});

export default tseslint.config(
  { ignores: ["node_modules/", "scratch/", ".maestro/", "bench/results/", "evals/reports/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read settings through src/config.ts, the one reader of process.env.",
        },
      ],
    },
  },
  // Tests may hand an environment to the child processes they spawn.
  { files: ["src/config.ts", "bin/**", "*.config.*", "**/*.test.ts"], rules: { "no-restricted-syntax": "off" } },
  layer("domain", ["**/slack/**", "**/agent/**", "**/tools/**", "@slack/*"], "domain sits below tools, agent and slack."),
  layer("tools", ["**/slack/**", "**/agent/**", "@slack/*", "@anthropic-ai/*"], "tools never import Bolt or the agent."),
  layer("agent", ["**/slack/**", "@slack/*", "knex"], "the agent never imports Bolt or knex."),
  layer("slack/blocks", ["**/db/**", "knex", "@slack/bolt"], "block builders are pure: no I/O."),
  {
    files: ["migrations/**/*.ts"],
    ignores: ["migrations/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../src/**", "**/src/**"], message: "migrations are frozen in time: never import app code." }] },
      ],
    },
  },
);
