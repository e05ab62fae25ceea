// Lint: typescript-eslint's recommended rules plus the layering rules of STYLE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Layers point one way: slack/api → agent → tools → domain → db. Type-only imports are allowed.
const layer = (from, forbidden, message) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    "no-restricted-imports": ["error", { patterns: forbidden.map((group) => ({ group: [group], message, allowTypeImports: true })) }],
  },
});

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "scratch/",
      ".maestro/",
      "bench/results/",
      "evals/reports/",
      "coverage/",
      ".stryker-tmp/",
      "reports/",
    ],
  },
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
  {
    files: ["src/config.ts", "bin/**", "*.config.*", "**/*.test.ts", "**/*.built-test.ts", "**/*.perf-test.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  layer(
    "domain",
    ["**/slack/**", "**/agent/**", "**/tools/**", "**/digest/**", "@slack/*"],
    "domain sits below tools, agent, digest and slack.",
  ),
  layer("tools", ["**/slack/**", "**/agent/**", "@slack/*", "@anthropic-ai/*"], "tools never import Bolt or the agent."),
  layer("agent", ["**/slack/**", "@slack/*"], "the agent never imports Bolt."),
  layer("slack/blocks", ["**/db/**", "**/*-store.ts", "@slack/bolt"], "block builders are pure: no I/O."),
  layer("metrics", ["**/slack/**", "@slack/*"], "metrics count log events and model calls: they never import Bolt or the surface."),
  // SQL lives in store files (*-store.ts, beside their owner) and the db layer. Everyone else may hold a Knex handle
  // to pass down (a type import) but builds no query. A separate rule name, so it adds to the layer rules above.
  {
    files: ["**/*.ts"],
    ignores: ["**/*-store.ts", "src/db/**", "migrations/**", "**/*.test.ts", "src/testing/**", "src/seed/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["knex", "knex/*", "knex-pglite", "pg", "@electric-sql/pglite"],
              message: "only store files (*-store.ts) and src/db import the database: move the query into the owner's store.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // Size discipline (STYLE.md: most files 50–150 lines, none over 300): lines of code, blanks and comments not counted.
  {
    files: ["src/**/*.ts"],
    // Tests are lists of cases: a describe() callback holds many, and a file of cases for one module reads best whole.
    ignores: ["**/*.test.ts", "**/*.built-test.ts"],
    rules: {
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  // Data, not logic: the demo studio's thirty enquiries and the hostile block inputs are tables that read best whole.
  { files: ["src/seed/demo-intakes.ts", "src/testing/blocks/inputs.ts"], rules: { "max-lines": "off" } },
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
