// The live doctor against the local service: the table of checks and wire facts (through the real command), and
// --probe-job, which creates two jobs it cancels at once and reports what they echo.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "../../scripts/doctor";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  startEmulator,
  type TestEmulator,
  uploadSample,
  waitForJob,
} from "../emulator/helpers";

const root = path.resolve(__dirname, "../..");

describe("npm run doctor on the local service", () => {
  let emu: TestEmulator;
  let project: string;
  const savedKey = process.env.FOUNDRY_API_KEY;
  beforeAll(async () => {
    emu = await startEmulator();
    project = mkdtempSync(path.join(os.tmpdir(), "foundry-doctor-test-"));
    const model = {
      baseModel: "gpt-4.1-mini-2025-04-14",
      trainingFile: "datasets/clippy/train.jsonl",
      trainingType: "GlobalStandard",
      deployment: { name: "clippy" },
    };
    writeFileSync(
      path.join(project, "Pulumi.doc.yaml"),
      JSON.stringify({
        config: {
          "foundry-finetune:account": { name: "doc" },
          "foundry-finetune:local": { dataDir: emu.dataDir },
          "foundry-finetune:models": { clippy: model },
        },
      }),
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
    const { stdout } = await promisify(execFile)(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "scripts/doctor.ts"), "--stack", "doc", "--cwd", project],
      {
        env: { ...process.env, FOUNDRY_API_KEY: emu.apiKey },
      },
    );
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
      "hosting: account",
      "probe: job metadata kept, hyperparameter form honoured",
    ]);
    expect(stdout).toContain("pass: doc in swedencentral");
    expect(stdout).toMatch(
      /training: clippy\s+pass: gpt-4\.1-mini-2025-04-14 can be fine-tuned with supervised on GlobalStandard in swedencentral/,
    );
    expect(stdout).toMatch(/GET \/subscriptions\/.*\/accounts\/doc\/models \(Accounts_ListModels\): 200/);
    expect(stdout).toContain("skip: not probed (--probe-job creates two jobs and cancels them at once)");
    const requests = (await emu.admin("GET", "/_emulator/requests")).body.requests.slice(before) as {
      method: string;
      route: string;
    }[];
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
    expect(probe.filter((r) => r.check.startsWith("probe: cancel")).map((r) => r.detail)).toEqual([
      "status cancelled",
      "status cancelled",
    ]);
    for (const r of probe) expect(["pass", "info", "warn"]).toContain(r.result);
    const jobs = (await emu.dated(undefined, "doc").fineTuning.jobs.list()).data;
    expect(jobs.map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("lists the fine-tuned deployments no stack of the project declares, or that answered nothing for N days, with their hourly cost", async () => {
    // Another stack file of the project, on another account, declares "stray": not a declaration on this one.
    writeFileSync(
      path.join(project, "Pulumi.other.yaml"),
      JSON.stringify({
        config: {
          "foundry-finetune:account": { name: "elsewhere" },
          "foundry-finetune:models": {
            stray: { baseModel: BASE_MODEL, trainingFile: "t.jsonl", deployment: { name: "stray" } },
          },
        },
      }),
    );
    const data = emu.dated(undefined, "doc");
    const job = await waitForJob(
      data,
      (
        await data.fineTuning.jobs.create({
          model: BASE_MODEL,
          training_file: await uploadSample(data, "train.jsonl"),
          seed: 1,
          hyperparameters: { n_epochs: 1 },
        })
      ).id,
    );
    const arm = emu.arm();
    const deploy = (name: string) =>
      arm.deployments.beginCreateOrUpdateAndWait(
        RESOURCE_GROUP,
        "doc",
        name,
        {
          sku: { name: "Standard", capacity: 1 },
          properties: { model: { format: "OpenAI", name: job.fine_tuned_model!, version: "1" } },
        },
        { updateIntervalInMs: 20 },
      );
    await deploy("clippy-0123abcd"); // what the doc stack's `clippy` deploys as
    await deploy("stray");
    // Lifetimes off (time scale 0), so the back-dated deployment is reported rather than swept as idle.
    await emu.admin("PUT", "/_emulator/time-scale", { timeScale: 0 });
    const lastWeek = new Date(Date.now() - 10 * 86_400_000).toISOString();
    expect(
      (await emu.admin("PUT", "/_emulator/accounts/doc/deployments/clippy-0123abcd/last-used", { at: lastWeek }))
        .status,
    ).toBe(200);

    const rows = await runDoctor({ projectDir: project, stack: "doc", probeJob: false, idleDays: 7 });
    const hosting = rows.filter((r) => r.check.startsWith("hosting"));
    expect(hosting.map((r) => [r.check, r.result])).toEqual([
      ["hosting: account", "info"],
      ["hosting: clippy-0123abcd", "warn"],
      ["hosting: stray", "warn"],
    ]);
    expect(hosting[0]!.detail).toBe("2 fine-tuned deployment(s), $3.40/h in all ($2,482.00/month); 2 listed below");
    expect(hosting[1]!.detail).toMatch(
      /^no traffic in the last 7 days \(last call \d{4}-\d\d-\d\d\): \$1\.70\/h \(\$1,241\.00\/month\), gpt-4\.1-mini-2025-04-14\.ft-\w+ on Standard x1$/,
    );
    expect(hosting[1]!.evidence).toContain("GET /_emulator/accounts/doc/deployments/usage: 200");
    expect(hosting[2]!.detail).toMatch(/^no stack of this project declares it \(doc\): \$1\.70\/h/);
    // Used within the window: no longer listed as idle.
    await emu.admin("PUT", "/_emulator/accounts/doc/deployments/clippy-0123abcd/last-used", {
      at: new Date().toISOString(),
    });
    const again = await runDoctor({ projectDir: project, stack: "doc", probeJob: false, idleDays: 7 });
    expect(again.filter((r) => r.result === "warn" && r.check.startsWith("hosting")).map((r) => r.check)).toEqual([
      "hosting: stray",
    ]);
  });
});
