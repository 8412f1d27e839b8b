import { defineConfig } from "vitest/config";

// Only for `npm run mutation` (Stryker): the unit tests that exercise the pure modules Stryker mutates
// (stryker.config.mjs). Fast tests only, so a mutation run stays within minutes on two cores.
export default defineConfig({
  test: {
    include: [
      // The pure modules' unit tests, by the source folder they mirror.
      "test/unit/program/*.test.ts",
      "test/unit/resources/**/*.test.ts",
      "test/unit/azure/*.test.ts",
      "test/unit/validate/*.test.ts",
      "test/unit/foundry/retry-policy*.test.ts",
      "test/unit/analysis/results-csv*.test.ts",
      "test/unit/analysis/quality.test.ts",
      // Pure tests kept beside the module they start from, which also reach mutated code: the hosting note and the
      // retirement refusal (resources/*/contract.ts), the content-filter test (evaluation/run.ts), the project
      // cross-check (program/config/).
      "test/unit/pr-report/hosting.test.ts",
      "test/unit/foundry/model-retirement.test.ts",
      "test/unit/analysis/champion-gate.test.ts",
      "test/unit/foundry/project-endpoint.test.ts",
    ],
    exclude: [
      // These start processes or watch the engine; they test no module Stryker mutates.
      "test/unit/scripts/validate-cli.test.ts",
      "test/unit/resources/provider-runtime/engine-watch.test.ts",
      "test/unit/startup/promise-stack-traces.test.ts",
      "test/unit/resources/shared/wiring.test.ts",
      // The SDK's mock runtime is process-wide: under Stryker's runner, which keeps one vitest process for every
      // file, these files' output-account and spec cases never settle. They test api.ts, program/account-input.ts and
      // program/model-spec.ts, which are not mutated.
      "test/unit/program/package-api.test.ts",
      "test/unit/program/fine-tuned-model-spec.test.ts",
    ],
    testTimeout: 60_000,
  },
});
