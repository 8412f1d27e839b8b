// A deployment whose sku type was changed outside the program (the portal), then read back by a refresh: the next
// up puts its type back on that very deployment. Before, the diff replaced it by a "new" deployment of the same
// name (the name comes from the configured sku), whose create rewrote it and whose old half's delete removed it.
// Through the providers in-process, against the local service.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import type { DeploymentInputs, ModelDeploymentOutputs } from "../../resources/model-deployment/contract";
import { provider as deploymentProvider } from "../../resources/model-deployment/provider";
import { inProcessService } from "../support/in-process-service";

(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const service = inProcessService("foundry-sku-drift-", 0.05);
const urn = (kind: string, name: string) =>
  `urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:${kind}::${name}`;

async function trainedModel(): Promise<string> {
  const { data } = service.clients();
  const file = (await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 })).id;
  const job = await jobProvider.create({
    target: service.target,
    resourceUrn: urn("FineTuningJob", "drift"),
    stack: "foundry-finetune/dev",
    resourceName: "drift",
    modelName: "drift",
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFileId: file,
    trainingFileSha256: "d".repeat(64),
    method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 12 } },
    trainingType: "GlobalStandard",
    wait: { enabled: true, timeoutMinutes: 5 },
    reportsDir: path.join(service.scratch, "drift"),
  } as JobInputs);
  return (job.outs as JobOutputs).fineTunedModel!;
}

describe("a deployment's sku type changed in the portal, then refreshed", () => {
  it("is put back by an update of the same deployment, which keeps serving", async () => {
    const configured: DeploymentInputs = {
      target: service.target,
      resourceUrn: urn("ModelDeployment", "drift"),
      modelName: "drift",
      name: "drift",
      model: await trainedModel(),
      sku: { name: "GlobalStandard", capacity: 1 },
      versionUpgradeOption: "NoAutoUpgrade",
    };
    const created = await deploymentProvider.create(configured);
    const name = (created.outs as ModelDeploymentOutputs).deploymentName;
    const { control } = service.clients();

    await control.updateDeploymentSku(name, { name: "Standard", capacity: 1 }); // the portal
    const refreshed = (await deploymentProvider.read!(created.id, created.outs)).props as ModelDeploymentOutputs;
    expect(refreshed.sku).toEqual({ name: "Standard", capacity: 1 });

    expect(await deploymentProvider.diff!(created.id, refreshed, configured)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = (await deploymentProvider.update!(created.id, refreshed, configured))
      .outs as ModelDeploymentOutputs;
    expect(updated.deploymentName).toBe(name);
    const live = await control.getDeployment(name);
    expect(live?.sku).toMatchObject({ name: "GlobalStandard", capacity: 1 });
    expect(live?.model.name).toBe(configured.model);
    expect(await deploymentProvider.diff!(created.id, updated, configured)).toMatchObject({ changes: false });
  }, 120_000);
});
