import { defineConfig } from "vitest/config";

// One config for the whole suite. End-to-end tests drive the real Pulumi CLI and a real local
// Foundry service, so their timeouts are generous; speed is measured by `npm run bench`, not here.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fails the run if any process a test started is still running at the end (test/support/stray-check.ts).
    globalSetup: ["test/support/stray-check.ts"],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
