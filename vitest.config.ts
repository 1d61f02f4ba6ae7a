import { defineConfig } from "vitest/config";

// chdb opens one data directory per process: every test file runs in its own forked process.
export default defineConfig({
  test: {
    pool: "forks",
    // Two files at a time even on two cores (the default leaves one idle): most tests wait on Kafka,
    // a browser or a clock, and the demo's real-time test alone waits six minutes.
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts", "test/dashboard-built.ts"],
    include: ["{ingest,transforms,queries,infra}/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
