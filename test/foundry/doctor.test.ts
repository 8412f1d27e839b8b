// The live doctor against the local service: the table of checks and wire facts (through the real command), and
// --probe-job, which creates two jobs it cancels at once and reports what they echo.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "../../scripts/doctor";
import { startEmulator, type TestEmulator } from "../emulator/helpers";

const root = path.resolve(__dirname, "../..");

describe("npm run doctor on the local service", () => {
  let emu: TestEmulator;
  let project: string;
  const savedKey = process.env.FOUNDRY_API_KEY;
  beforeAll(async () => {
    emu = await startEmulator();
    project = mkdtempSync(path.join(os.tmpdir(), "foundry-doctor-test-"));
    const model = { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl", trainingType: "GlobalStandard", deployment: { name: "clippy" } };
    writeFileSync(
      path.join(project, "Pulumi.doc.yaml"),
      JSON.stringify({ config: { "foundry-finetune:account": { name: "doc" }, "foundry-finetune:local": { dataDir: emu.dataDir }, "foundry-finetune:models": { clippy: model } } }),
    );
    process.env.FOUNDRY_API_KEY = emu.apiKey;
  });
  afterAll(async () => {
    if (savedKey === undefined) delete process.env.FOUNDRY_API_KEY;
    else process.env.FOUNDRY_API_KEY = savedKey;
    await emu?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("prints check, result and evidence for every check, spends nothing, and exits 0", async () => {
    const before = (await emu.admin("GET", "/_emulator/requests")).body.requests.length;
    const { stdout } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/doctor.ts"), "--stack", "doc", "--cwd", project], {
      env: { ...process.env, FOUNDRY_API_KEY: emu.apiKey },
    });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^check\s+result\s+evidence$/);
    const checks = lines.slice(2).map((l) => l.split(/\s{2,}/)[0]);
    expect(checks).toEqual([
      "wire: account",
      "wire: ARM api-version 2024-10-01",
      "wire: data plane dated api-version 2025-04-01-preview",
      "wire: account model list",
      "identity: data plane",
      "identity: control plane",
      "identity: roles",
      "training: clippy",
      "deployments: count",
      "capacity: Standard",
      "probe: job metadata kept, hyperparameter form honoured",
    ]);
    expect(stdout).toContain("pass: doc in swedencentral");
    expect(stdout).toMatch(/training: clippy\s+pass: gpt-4\.1-mini-2025-04-14 can be fine-tuned with supervised on GlobalStandard in swedencentral/);
    expect(stdout).toMatch(/GET \/subscriptions\/.*\/accounts\/doc\/models \(Accounts_ListModels\): 200/);
    expect(stdout).toContain("skip: not probed (--probe-job creates two jobs and cancels them at once)");
    const requests = (await emu.admin("GET", "/_emulator/requests")).body.requests.slice(before) as { method: string; route: string }[];
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("--probe-job reports what the service echoes for each hyperparameter form and the metadata, and cancels both jobs", async () => {
    const rows = await runDoctor({ projectDir: project, stack: "doc", probeJob: true });
    const probe = rows.filter((r) => r.check.startsWith("probe"));
    expect(probe.map((r) => r.check)).toEqual([
      "probe: upload",
      "probe: job metadata kept",
      "probe: method.supervised.hyperparameters",
      "probe: top-level hyperparameters",
      expect.stringMatching(/^probe: cancel ftjob-/),
      expect.stringMatching(/^probe: cancel ftjob-/),
    ]);
    expect(probe.filter((r) => r.check.startsWith("probe: cancel")).map((r) => r.detail)).toEqual(["status cancelled", "status cancelled"]);
    for (const r of probe) expect(["pass", "info", "warn"]).toContain(r.result);
    const jobs = (await emu.dated(undefined, "doc").fineTuning.jobs.list()).data;
    expect(jobs.map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
  });
});
