// A few fuzz cases through the real CLI, to prove what the in-process fuzzers cannot: after a data or config
// error, `pulumi up` stops before any resource, prints the location, shows no stack trace, and the local
// service receives no request at all (so certainly no upload).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createSandbox } from "../../scripts/chaos/sandbox";
import { modelConfig } from "../../scripts/chaos/steps";
import { mutateDataset } from "./dataset-mutations";
import { runDatasetCase, SAMPLE_DATASET } from "./dataset-fuzz";
import { seeded } from "../../scripts/chaos/random";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";

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

/** The first `count` dataset seeds (from `seed` on) that the planner rejects, with the first rule named. */
async function rejectedDatasetSeeds(count: number, seed: number): Promise<{ seed: number; rule: string }[]> {
  const original = readFileSync(SAMPLE_DATASET);
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-fuzz-pick-"));
  mkdirSync(path.join(dir, "datasets"));
  const found: { seed: number; rule: string }[] = [];
  try {
    for (let s = seed; found.length < count && s < seed + 10_000; s++) {
      const result = await runDatasetCase(dir, original, s);
      const rule = result.rules[0];
      if (result.outcome === "clear error" && rule && !found.some((f) => f.rule === rule)) found.push({ seed: s, rule });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}

const BAD_CONFIGS: { label: string; model: Record<string, unknown>; key: string }[] = [
  { label: "negative seed", model: { seed: -1 }, key: "foundry-finetune:models.clippy.seed" },
  { label: "training file outside the project", model: { trainingFile: "../outside.jsonl" }, key: "foundry-finetune:models.clippy.trainingFile" },
  { label: "unknown hyperparameter", model: { method: { type: "supervised", hyperparameters: { n_epoch: 3 } } }, key: "foundry-finetune:models.clippy.method.hyperparameters" },
];

export async function runCliCases(options: { datasetCases: number; seed: number; log?: (m: string) => void }): Promise<CliCase[]> {
  const sandbox = await createSandbox({ timeScale: 0.01 });
  const cases: CliCase[] = [];
  const original = readFileSync(SAMPLE_DATASET);
  const trainPath = path.join(sandbox.workDir, "datasets/clippy/train.jsonl");
  const run = async (label: string, expect: RegExp) => {
    const before = (await sandbox.service.call<{ requests: { seq: number }[] }>("GET", "/_emulator/requests")).requests.at(-1)?.seq ?? 0;
    const up = await sandbox.pulumi(["up", "--yes"]);
    const served = (await sandbox.service.call<{ requests: { method: string; route: string }[] }>("GET", `/_emulator/requests?since=${before}`)).requests.filter((r) => !r.route.startsWith("/_emulator/"));
    const result: CliCase = {
      label,
      expect,
      exitCode: up.code,
      named: expect.test(up.output),
      stackTrace: /\n\s+at .+:\d+:\d+\)?\n/.test(up.output),
      requests: served.length,
      uploads: served.filter((r) => r.method === "POST" && /\/files$/.test(r.route)).length,
    };
    options.log?.(`${label}: exit ${up.code}, named ${result.named}, requests ${result.requests}`);
    cases.push(result);
  };
  try {
    sandbox.setModels({ clippy: modelConfig() });
    for (const { seed, rule } of await rejectedDatasetSeeds(options.datasetCases, options.seed)) {
      writeFileSync(trainPath, mutateDataset(original, seed, seeded(seed)).bytes);
      await run(`dataset seed ${seed} (${rule})`, new RegExp(`datasets/clippy/train\\.jsonl:\\d+: error ${rule.replace(".", "\\.")}:`));
    }
    writeFileSync(trainPath, original);
    for (const bad of BAD_CONFIGS) {
      sandbox.setModels({ clippy: modelConfig(bad.model) });
      await run(`config: ${bad.label}`, new RegExp(bad.key.replace(/\./g, "\\.")));
    }
  } finally {
    await sandbox.cleanup();
  }
  return cases;
}
