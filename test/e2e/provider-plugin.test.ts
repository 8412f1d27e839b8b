// The provider plugin (provider-plugin/) through the real CLI and the YAML language host, on the local service:
// examples/yaml-model (a FineTunedModel and a bare ModelDeployment) goes through up, an empty preview and
// destroy; a job and a deployment made with the official SDKs, not by us, are brought in with `pulumi import`,
// and the program that then declares them previews no change.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, createTestStack, projectRoot, type TestStack } from "../../testkit/pulumi/harness";
import {
  BASE_MODEL,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  sampleFile,
  startEmulator,
  type TestEmulator,
  waitForFile,
  waitForJob,
} from "../emulator/helpers";

const pluginDir = path.join(projectRoot, "provider-plugin");
const run = promisify(execFile);

/** The example's Pulumi.yaml with the plugin's folder made absolute (the test runs a copy elsewhere). */
function withPluginPath(pulumiYaml: string): string {
  return pulumiYaml.replace(/path: \.\.\/\.\.\/provider-plugin/, `path: ${pluginDir}`);
}

const providerConfig = (emulator: TestEmulator, account: string) => ({
  "foundry:accountName": { value: account },
  "foundry:subscriptionId": { value: SUBSCRIPTION },
  "foundry:resourceGroup": { value: RESOURCE_GROUP },
  "foundry:localDataDir": { value: emulator.dataDir },
});

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

describe("a Pulumi YAML program on the provider plugin (examples/yaml-model)", () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await createTestStack({
      programDir: path.join(projectRoot, "examples", "yaml-model"),
      yaml: true,
      config: providerConfig(emulator, "yaml-e2e"),
      env: { FOUNDRY_API_KEY: emulator.apiKey, FOUNDRY_POLL_MS: "100" },
    });
    const file = path.join(t.workDir, "Pulumi.yaml");
    writeFileSync(file, withPluginPath(readFileSync(file, "utf8")));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("up trains and deploys the model through the component, and deploys it again as the bare ModelDeployment", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 6 }); // stack, component, file, job, deployment, canary
    expect(up.outputs.model!.value).toMatch(/^gpt-4\.1-mini-2025-04-14\.ft-[0-9a-f]+-helpdesk$/);
    expect(up.outputs.deployment!.value).toMatch(/^helpdesk-[0-9a-f]{8}$/);
    expect(up.outputs.canary!.value).toMatch(/^helpdesk-canary-[0-9a-f]{8}$/);
    const resources = (await t.stack.exportStack()).deployment.resources as {
      urn: string;
      type: string;
      parent?: string;
    }[];
    const component = resources.find((r) => r.type === "foundry:index:FineTunedModel")!;
    expect(
      resources
        .filter((r) => r.parent === component.urn)
        .map((r) => r.type)
        .sort(),
    ).toEqual(["foundry:index:FineTuningJob", "foundry:index:ModelDeployment", "foundry:index:TrainingFile"]);
    const served = await emulator.arm().deployments.get(RESOURCE_GROUP, "yaml-e2e", up.outputs.canary!.value as string);
    expect(served.properties?.model?.name).toBe(up.outputs.model!.value);
  });

  it("previews nothing after up, and destroy leaves no deployment on the service", async () => {
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
    await t.stack.destroy();
    expect((await t.stack.exportStack()).deployment.resources ?? []).toEqual([]);
    const left: string[] = [];
    for await (const d of emulator.arm().deployments.list(RESOURCE_GROUP, "yaml-e2e")) left.push(d.name!);
    expect(left).toEqual([]);
  });
});

describe("pulumi import of a job and a deployment made elsewhere", () => {
  const account = "import-e2e";
  let t: TestStack;
  let jobId: string;
  let model: string;
  let resolved: Record<string, number>;
  let trainingType: string;
  let armId: string;
  let raiPolicyName: string;

  beforeAll(async () => {
    // Made with the official SDKs, as a team's notebook or the portal would: nothing of ours is involved.
    const openai = emulator.dated("2025-04-01-preview", account);
    const file = await openai.files.create({
      file: await toFile(sampleFile("train.jsonl"), "train.jsonl"),
      purpose: "fine-tune",
    });
    await waitForFile(openai, file.id);
    const created = await openai.fineTuning.jobs.create({
      model: BASE_MODEL,
      training_file: file.id,
      suffix: "elsewhere",
      seed: 11,
      hyperparameters: { n_epochs: 1 },
    });
    const job = await waitForJob(openai, created.id);
    expect(job.status).toBe("succeeded");
    jobId = job.id;
    model = job.fine_tuned_model!;
    resolved = job.hyperparameters as Record<string, number>;
    trainingType = (job as { trainingType?: string }).trainingType!; // the service's default tier: none was asked
    const deployment = await emulator
      .arm()
      .deployments.beginCreateOrUpdateAndWait(RESOURCE_GROUP, account, "portal-made", {
        sku: { name: "Standard", capacity: 1 },
        // As the portal makes one: with a content filter named (Azure echoes none when none is sent).
        properties: { model: { format: "OpenAI", name: model, version: "1" }, raiPolicyName: "Microsoft.DefaultV2" },
      });
    armId = deployment.id!;
    raiPolicyName = deployment.properties!.raiPolicyName!;
    expect(raiPolicyName).toBe("Microsoft.DefaultV2");

    t = await createTestStack({
      programDir: path.join(projectRoot, "test", "fixtures", "programs", "yaml-empty"),
      yaml: true,
      config: providerConfig(emulator, account),
      env: { FOUNDRY_API_KEY: emulator.apiKey, FOUNDRY_POLL_MS: "100" },
    });
    writeFileSync(path.join(t.workDir, "Pulumi.yaml"), program({}));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  /** The project, declaring the given resources (YAML is JSON's superset). */
  function program(resources: Record<string, unknown>): string {
    return JSON.stringify(
      { name: "imports", runtime: "yaml", plugins: { providers: [{ name: "foundry", path: pluginDir }] }, resources },
      null,
      2,
    );
  }

  /** `npm run pulumi -- import ...` as the README shows it, in the test stack's environment. */
  async function pulumiImport(type: string, name: string, id: string): Promise<string> {
    const { stdout } = await run(
      t.pulumi,
      [
        "import",
        type,
        name,
        id,
        "--stack",
        "e2e",
        "--yes",
        "--non-interactive",
        "--generate-code=false",
        "--protect=false",
      ],
      {
        cwd: t.workDir,
        env: { ...process.env, ...t.env, PULUMI_HOME: t.pulumiHome },
      },
    );
    return stdout;
  }

  it("imports the job by its id and the deployment by its ARM id, reading their state from the service", async () => {
    expect(armId).toMatch(/\/accounts\/import-e2e\/deployments\/portal-made$/);
    await pulumiImport("foundry:index:FineTuningJob", "notebook-job", jobId);
    await pulumiImport("foundry:index:ModelDeployment", "portal-deployment", armId);
    const resources = (await t.stack.exportStack()).deployment.resources as {
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
    const job = resources.find((r) => r.type === "foundry:index:FineTuningJob")!;
    expect(job.id).toBe(jobId);
    // The inputs read from the service are the ones recorded, as a program declaring the job would give them.
    expect(job.inputs).toMatchObject({
      baseModel: BASE_MODEL,
      suffix: "elsewhere",
      seed: 11,
      trainingType,
      method: { type: "supervised", hyperparameters: resolved },
    });
    expect(job.outputs).toMatchObject({
      status: "succeeded",
      fineTunedModel: model,
      trainingFileId: expect.stringMatching(/^file-/),
    });
    const deployment = resources.find((r) => r.type === "foundry:index:ModelDeployment")!;
    expect(deployment.id).toBe(armId);
    expect(deployment.inputs).toMatchObject({
      name: "portal-made",
      model,
      sku: { name: "Standard", capacity: 1 },
      raiPolicyName,
    });
    expect(deployment.outputs).toMatchObject({
      deploymentName: "portal-made",
      model,
      sku: { name: "Standard", capacity: 1 },
    });
  });

  // As they are on the service: the values a user reads in the portal, here from the SDKs' answers above.
  it("the program declaring them as they are previews no change", async () => {
    const state = (await t.stack.exportStack()).deployment.resources as {
      type: string;
      outputs?: Record<string, unknown>;
    }[];
    const trainingFileId = state.find((r) => r.type === "foundry:index:FineTuningJob")!.outputs!.trainingFileId;
    writeFileSync(
      path.join(t.workDir, "Pulumi.yaml"),
      program({
        "notebook-job": {
          type: "foundry:index:FineTuningJob",
          properties: {
            baseModel: BASE_MODEL,
            trainingFileId,
            suffix: "elsewhere",
            seed: 11,
            trainingType,
            method: { type: "supervised", hyperparameters: resolved },
          },
        },
        "portal-deployment": {
          type: "foundry:index:ModelDeployment",
          properties: { name: "portal-made", model, sku: { name: "Standard", capacity: 1 }, raiPolicyName },
        },
      }),
    );
    const preview = await t.stack.preview();
    expect(changes(preview.changeSummary)).toEqual({});
    // A real change is still seen: another capacity updates the imported deployment in place.
    writeFileSync(
      path.join(t.workDir, "Pulumi.yaml"),
      readFileSync(path.join(t.workDir, "Pulumi.yaml"), "utf8").replace('"capacity": 1', '"capacity": 2'),
    );
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({ update: 1 });
  });

  // Its name on the service is not `<name>-<hash>`: the preview must name the deployment the up then updates.
  it("a capacity change previews and updates the deployment under the name it was imported with", async () => {
    const named: Record<string, unknown> = {};
    const preview = await t.stack.preview({
      onEvent: (event) => {
        const m = event.resOutputsEvent?.metadata;
        if (m?.type === "foundry:index:ModelDeployment") named.preview = m.new?.outputs?.deploymentName;
      },
    });
    expect(changes(preview.changeSummary)).toEqual({ update: 1 });
    expect(named.preview).toBe("portal-made");
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    const resources = (await t.stack.exportStack()).deployment.resources as {
      type: string;
      outputs?: Record<string, unknown>;
    }[];
    expect(resources.find((r) => r.type === "foundry:index:ModelDeployment")!.outputs).toMatchObject({
      deploymentName: "portal-made",
      sku: { name: "Standard", capacity: 2 },
    });
    const onService: { name?: string; capacity?: number }[] = [];
    for await (const d of emulator.arm().deployments.list(RESOURCE_GROUP, account))
      onService.push({ name: d.name, capacity: d.sku?.capacity });
    expect(onService).toEqual([{ name: "portal-made", capacity: 2 }]);
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({});
  });

  // Azure deletes an idle fine-tuned deployment: it is deployed again (a replacement, named as create names it),
  // and the preview names the deployment the up makes.
  it("an imported deployment that Azure deleted is deployed again under the name the preview gives", async () => {
    const expired = await emulator.admin("POST", `/_emulator/accounts/${account}/deployments/portal-made/expire`, {
      reason: "idle",
    });
    expect(expired.status).toBe(200);
    const named: Record<string, unknown> = {};
    const preview = await t.stack.preview({
      onEvent: (event) => {
        const m = event.resOutputsEvent?.metadata;
        if (m?.type === "foundry:index:ModelDeployment") named.preview = m.new?.outputs?.deploymentName;
      },
    });
    expect(changes(preview.changeSummary)).toEqual({ replace: 1 });
    expect(named.preview).toMatch(/^portal-made-[0-9a-f]{8}$/);
    await t.stack.up();
    const onService: string[] = [];
    for await (const d of emulator.arm().deployments.list(RESOURCE_GROUP, account)) onService.push(d.name!);
    expect(onService).toEqual([named.preview]);
  });
});
