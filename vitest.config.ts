import { defineConfig } from "vitest/config";

// chdb opens one data directory per process: every test file runs in its own forked process.
export default defineConfig({
  test: {
    pool: "forks",
    globalSetup: ["test/global-setup.ts", "test/dashboard-built.ts"],
    include: ["{ingest,transforms,queries,infra}/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
