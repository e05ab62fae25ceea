// The built JavaScript's check (`npm run test:built`, after `npm run build`): kept out of `npm test`, which needs no build.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.built-test.ts"],
    globalSetup: ["src/testing/global-setup.ts"],
    pool: "forks",
    testTimeout: 180_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
