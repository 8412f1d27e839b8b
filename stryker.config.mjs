// Mutation testing of the pure logic: `npm run mutation` (not part of `npm test`). Score and command: README,
// "Mutation testing". Only unit tests run (vitest.mutation.config.mts), one at a time: the machine has 2 cores.
import { readFileSync } from "node:fs";

/**
 * Stryker takes `file:startLine-endLine`. Pure functions that share a file with I/O (a provider's diff beside
 * its create/update) are named here, and their lines found at run time, so the ranges follow code that moves.
 * A function runs from its `export function name(` (or `function`/`class`) line to the next line that is `}`.
 */
function pureParts(file, names) {
  const lines = readFileSync(new URL(file, import.meta.url), "utf8").split("\n");
  return names.map((name) => {
    const start = lines.findIndex((l) => new RegExp(`^(export )?(async )?(function|class) ${name}\\b`).test(l));
    if (start < 0) throw new Error(`stryker.config.mjs: ${file} has no function or class ${name}`);
    const end = lines.findIndex((l, i) => i > start && l === "}");
    return `${file}:${start + 1}-${end + 1}`;
  });
}

export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.mts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    // resources/: each kind's contract (inputs, diff, identity) and the pure helpers its provider uses.
    "resources/*/contract.ts",
    "resources/fine-tuning-job/identity.ts",
    "resources/shared/stable-json.ts",
    "resources/shared/target-inputs.ts",
    "resources/shared/unknown.ts",
    "resources/provider-runtime/job-progress.ts",
    ...pureParts("resources/provider-runtime/errors.ts", ["isExpectedFailure"]),
    ...pureParts("resources/fine-tuning-job/outputs.ts", ["failedJobMessage"]),
    ...pureParts("resources/fine-tuning-job/create-body.ts", ["createBody"]),
    ...pureParts("resources/model-deployment/provider.ts", ["missingModelReason", "deploymentToMakeRoom"]),
    ...pureParts("resources/evaluation/run.ts", ["evaluationCase", "isContentFilterError"]),
    // program/: config schema, checkpoint selection, gates, promotion decision, dataset gate and summaries.
    "program/checkpoint-selection.ts",
    "program/config.ts",
    "program/config/*.ts",
    "program/gates.ts",
    "program/promotion-decision.ts",
    ...pureParts("program/dataset-plan.ts", ["gate", "summarizeEstimate", "summarizeFindings"]),
    // azure/: the methods catalogue, the model table and the prices.
    "azure/methods.ts",
    "azure/models.ts",
    "azure/prices.ts",
    // validate/: the rules, token counting and estimates; the per-region parse; the dataset-wide rules.
    "validate/estimate.ts",
    "validate/example-rules.ts",
    "validate/findings.ts",
    "validate/job-files.ts",
    "validate/region.ts",
    "validate/rules.ts",
    "validate/tokens.ts",
    ...pureParts("validate/validator.ts", ["checkModel", "DatasetState"]),
    "foundry/retry-policy.ts",
    "analysis/results-csv.ts",
  ],
  coverageAnalysis: "perTest",
  // Reuses the results of mutants whose code and covering tests did not change (`-- --force` tests them all).
  incremental: true,
  incrementalFile: ".cache/stryker-incremental.json",
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/out/mutation/index.html" },
  jsonReporter: { fileName: "reports/out/mutation/mutation.json" },
  ignorePatterns: [".cache", ".pulumi", ".foundry-local", ".build", "reports/out"],
  tempDirName: ".cache/stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 85, break: null },
};
