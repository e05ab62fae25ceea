// The performance pins (`npm run test:perf`): SQL statement counts, plans' index names, module-load traces. Kept out of
// `npm test`, so a refactor that keeps behaviour keeps `npm test` green; CI runs them after the evals.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["bench/perf/**/*.perf-test.ts"],
    globalSetup: ["src/testing/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
