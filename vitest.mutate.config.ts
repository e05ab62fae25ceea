// The tests mutation testing runs (`npm run mutate`, stryker.config.mjs): the ones that exercise the gate, the policy,
// intake transitions, the tool executor and the pending-action store. Listed, not found through `related`, so every
// mutant — the ones in module-level constants too — meets the same tests. Not part of `npm test` or CI.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

export const MUTATION_TESTS = [
  "src/domain/intake/transitions.test.ts",
  "src/tools/untrusted-output.test.ts",
  "src/tools/contract.test.ts",
  "src/tools/execute.test.ts",
  "src/tools/intake-tools.test.ts",
  "src/domain/pending-actions/pending-action-store.test.ts",
  "src/agent/untrusted-text.test.ts",
  "src/agent/agent.test.ts",
];

// Spread, not mergeConfig: mergeConfig concatenates arrays, so `include` would keep every test of the base config.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: MUTATION_TESTS,
    // One worker: the machine is shared, and Stryker runs one mutant at a time anyway.
    maxWorkers: 1,
  },
});
