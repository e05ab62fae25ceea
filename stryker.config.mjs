// Mutation testing over the gate, the policy, intake transitions, the tool executor and the pending-action store
// (issue 13). Not part of CI or `npm test`: run `TEST_DATABASE_URL=postgres://… npm run mutate` (PostgreSQL makes each
// test file's database in ~0.2 s instead of a PGlite copy); reports go to reports/mutation/.
//
// Why these settings (docs/mutation-testing.md):
// - coverageAnalysis "perTest" runs each mutant against the tests that reached it. A mutant in a module-level constant
//   (POLICY's reasons and effects) is reached while the module is imported, before any test starts: Stryker calls it
//   "static" and, with ignoreStatic false, runs it against every listed test with the mutant active at import. Setting
//   ignoreStatic true would drop those mutants from the score instead of testing them.
// - The tests are listed in vitest.mutate.config.ts (related: false): every mutant meets the same known set.
// - concurrency 1: two cores are shared by the whole team.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  mutate: [
    "src/agent/approvals/gate.ts",
    "src/tools/policy.ts",
    "src/domain/intake/transitions.ts",
    "src/tools/execute.ts",
    "src/tools/decided-run.ts",
    "src/domain/pending-actions/pending-action-store.ts",
  ],
  coverageAnalysis: "perTest",
  ignoreStatic: false,
  concurrency: 1,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 15,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 80, low: 70, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
