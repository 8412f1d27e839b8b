import { defineConfig } from "vitest/config";

// Only for `npm run mutation` (Stryker): the unit tests that exercise the pure modules Stryker mutates
// (stryker.config.mjs). Fast tests only, so a mutation run stays within minutes on two cores.
export default defineConfig({
  test: {
    include: [
      "test/unit/resources-*.test.ts",
      "test/unit/validate-*.test.ts",
      "test/unit/foundry-retry-policy*.test.ts",
      "test/unit/reports-results-csv*.test.ts",
      // The hyperparameter catalogue, the epochs of a job, the governance keys of config (provisioned skus),
      // and the best-checkpoint config and selection.
      "test/unit/hyperparameter-catalogue.test.ts",
      "test/unit/epochs-of-job.test.ts",
      "test/unit/governance-config.test.ts",
      "test/unit/reports-quality.test.ts",
    ],
    exclude: [
      // These start processes or watch the engine; they test no module Stryker mutates.
      "test/unit/validate-cli.test.ts",
      "test/unit/resources-engine-watch.test.ts",
      "test/unit/resources-promise-stack-traces.test.ts",
      "test/unit/resources-wiring.test.ts",
    ],
    testTimeout: 60_000,
  },
});
