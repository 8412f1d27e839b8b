// A few fuzz cases through the real CLI, to prove what the in-process fuzzers cannot: after a data or config
// error, `pulumi up` stops before any resource, prints the location, shows no stack trace, and the local
// service receives no request at all (so certainly no upload).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { createSandbox, type Sandbox } from "../../scripts/chaos/sandbox";
import { modelConfig } from "../../scripts/chaos/steps";
import { datasetChecker, SAMPLE_DATASET, withProject } from "./dataset-fuzz";
import { datasetSteps, mutateDataset } from "./dataset-mutations";
import { describeSteps } from "./step";

export interface CliCase {
  label: string;
  /** What the output must name: file:line: error rule, or the config key. */
  expect: RegExp;
  exitCode: number | null;
  named: boolean;
  stackTrace: boolean;
  /** Requests the service answered during the command (admin routes excluded). */
  requests: number;
  uploads: number;
}

/** Stopped with the location, no stack trace, nothing sent to the service. */
const clean = (c: CliCase) => c.exitCode !== 0 && c.named && !c.stackTrace && c.requests === 0 && c.uploads === 0;

const BAD_CONFIGS: { label: string; model: Record<string, unknown>; key: string }[] = [
  { label: "negative seed", model: { seed: -1 }, key: "foundry-finetune:models.clippy.seed" },
  {
    label: "training file outside the project",
    model: { trainingFile: "../outside.jsonl" },
    key: "foundry-finetune:models.clippy.trainingFile",
  },
  {
    label: "unknown hyperparameter",
    model: { method: { type: "supervised", hyperparameters: { n_epoch: 3 } } },
    key: "foundry-finetune:models.clippy.method.hyperparameters",
  },
];

async function pulumiUp(sandbox: Sandbox, label: string, expect: RegExp): Promise<CliCase> {
  const before =
    (await sandbox.service.call<{ requests: { seq: number }[] }>("GET", "/_emulator/requests")).requests.at(-1)?.seq ??
    0;
  const up = await sandbox.pulumi(["up", "--yes"]);
  const served = (
    await sandbox.service.call<{ requests: { method: string; route: string }[] }>(
      "GET",
      `/_emulator/requests?since=${before}`,
    )
  ).requests.filter((r) => !r.route.startsWith("/_emulator/"));
  return {
    label,
    expect,
    exitCode: up.code,
    named: expect.test(up.output),
    stackTrace: /\n\s+at .+:\d+:\d+\)?\n/.test(up.output),
    requests: served.length,
    uploads: served.filter((r) => r.method === "POST" && /\/files$/.test(r.route)).length,
  };
}

/**
 * `count` mutated training files that the planner rejects, each naming a rule not covered yet, through `pulumi up`.
 * A case that misbehaves is shrunk (through the CLI, so at most 40 tries) and labelled with fast-check's report.
 */
async function datasetCases(
  sandbox: Sandbox,
  count: number,
  seed: number,
  log: (c: CliCase) => void,
): Promise<CliCase[]> {
  const original = readFileSync(SAMPLE_DATASET);
  const cases: CliCase[] = [];
  const covered = new Set<string>();
  let failed: CliCase | undefined; // once set, fast-check is shrinking: any rejected file will do
  const details = await withProject(async (dir) => {
    const plan = datasetChecker(dir, original);
    const property = fc.asyncProperty(fc.limitShrink(datasetSteps, 40), async (steps) => {
      const verdict = await plan(steps);
      const rule = verdict.outcome === "clear error" ? verdict.rules?.[0] : undefined;
      fc.pre(rule !== undefined && (failed !== undefined || !covered.has(rule)));
      covered.add(rule);
      writeFileSync(path.join(sandbox.workDir, "datasets/clippy/train.jsonl"), mutateDataset(original, steps));
      const c = await pulumiUp(
        sandbox,
        `dataset ${describeSteps(steps).join(" + ")} (${rule})`,
        new RegExp(`datasets/clippy/train\\.jsonl:\\d+: error ${rule.replace(".", "\\.")}:`),
      );
      if (failed === undefined) {
        cases.push(c);
        log(c);
      }
      if (!clean(c)) {
        failed = c;
        throw new Error(
          `exit ${c.exitCode}, named ${c.named}, stack trace ${c.stackTrace}, requests ${c.requests}, uploads ${c.uploads}`,
        );
      }
    });
    return fc.check(property, { numRuns: count, seed });
  });
  // The run stopped at its first failing case (the last one kept): show that case shrunk, with fast-check's report.
  if (details.failed)
    cases.splice(-1, 1, {
      ...(failed ?? { expect: /$^/, exitCode: null, named: false, stackTrace: false, requests: 0, uploads: 0 }),
      label: fc.defaultReportMessage(details) ?? "failed",
    });
  return cases;
}

export async function runCliCases(options: {
  datasetCases: number;
  seed: number;
  log?: (m: string) => void;
}): Promise<CliCase[]> {
  const sandbox = await createSandbox({ timeScale: 0.01 });
  const log = (c: CliCase) => options.log?.(`${c.label}: exit ${c.exitCode}, named ${c.named}, requests ${c.requests}`);
  try {
    sandbox.setModels({ clippy: modelConfig() });
    const cases = await datasetCases(sandbox, options.datasetCases, options.seed, log);
    writeFileSync(path.join(sandbox.workDir, "datasets/clippy/train.jsonl"), readFileSync(SAMPLE_DATASET));
    for (const bad of BAD_CONFIGS) {
      sandbox.setModels({ clippy: modelConfig(bad.model) });
      const c = await pulumiUp(sandbox, `config: ${bad.label}`, new RegExp(bad.key.replace(/\./g, "\\.")));
      log(c);
      cases.push(c);
    }
    return cases;
  } finally {
    await sandbox.cleanup();
  }
}
