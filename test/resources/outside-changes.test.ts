// Deployments changed outside the program, through the providers in-process against the local service:
// - a sku type changed in the portal, then read back by a refresh: the next up puts the type back on that very
//   deployment. Before, the diff replaced it by a "new" deployment of the same name (the name comes from the
//   configured sku), whose create rewrote it and whose old half's delete removed it;
// - a deployment imported under the name it was given in the portal, then deleted by Azure (idle): it comes back
//   under that name, as the preview announced. Before, it came back as `<name>-<hash>`.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { JobInputs, JobOutputs } from "../../resources/fine-tuning-job/contract";
import { provider as jobProvider } from "../../resources/fine-tuning-job/provider";
import type { DeploymentInputs, ModelDeploymentOutputs } from "../../resources/model-deployment/contract";
import { provider as deploymentProvider } from "../../resources/model-deployment/provider";
import { inProcessService } from "../support/in-process-service";
import { deploymentOn, dynamicUrn } from "../support/resource-fixtures";

(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

const TRAIN = path.resolve(__dirname, "../../datasets/clippy/train.jsonl");
const service = inProcessService("foundry-sku-drift-", 0.05);

async function trainedModel(): Promise<string> {
  const { data } = service.clients();
  const file = (await data.waitForFile((await data.uploadFile(TRAIN)).id, { pollMs: 50 })).id;
  const job = await jobProvider.create({
    target: service.target,
    resourceUrn: dynamicUrn("FineTuningJob", "drift"),
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

let model = "";
beforeAll(async () => {
  model = await trainedModel();
}, 120_000);

const configuredAs = (name: string, sku: DeploymentInputs["sku"]) => deploymentOn(service.target, name, model, { sku });

describe("a deployment's sku type changed in the portal, then refreshed", () => {
  it("is put back by an update of the same deployment, which keeps serving", async () => {
    const configured = configuredAs("drift", { name: "GlobalStandard", capacity: 1 });
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
  }, 60_000);
});

describe("a deployment imported under its portal name, then deleted by Azure", () => {
  it("comes back under that name, the one its preview showed", async () => {
    const { control } = service.clients();
    const live = await control.createOrUpdateDeployment("portal-made", {
      model: { name: model },
      sku: { name: "Standard", capacity: 1 },
      versionUpgradeOption: "NoAutoUpgrade",
    }); // made in the portal
    const config = configuredAs("imported", { name: "Standard", capacity: 1 });
    // What `pulumi import` records: the configured inputs with the deployment's own name.
    const recorded = { ...config, deploymentName: "portal-made" };
    const outputs = { ...recorded, endpoint: "", provisioningState: live.provisioningState } as ModelDeploymentOutputs;

    const expired = await fetch(
      `${service.emulator.url}/_emulator/accounts/${service.account}/deployments/portal-made/expire`,
      {
        method: "POST",
        headers: { "api-key": service.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ reason: "idle" }),
      },
    );
    expect(expired.status).toBeLessThan(300);
    const checked = (await deploymentProvider.check!(recorded, config)).inputs as DeploymentInputs & {
      deploymentName: string;
    };
    expect(checked.deploymentName).toBe("portal-made"); // what the preview shows
    expect(await deploymentProvider.diff!("portal-made", outputs, checked)).toEqual({
      changes: true,
      replaces: ["deploymentName"],
      deleteBeforeReplace: true,
    });
    await deploymentProvider.delete!("portal-made", outputs); // gone already: nothing to do
    const again = (await deploymentProvider.create(checked)).outs as ModelDeploymentOutputs;
    expect(again.deploymentName).toBe("portal-made");
    expect((await control.getDeployment("portal-made"))?.model.name).toBe(model);
  }, 60_000);

  it("but while that name still serves (its type changed in the portal), the replacement deploys beside it", async () => {
    const { control } = service.clients();
    await control.createOrUpdateDeployment("portal-typed", {
      model: { name: model },
      sku: { name: "Standard", capacity: 1 },
      versionUpgradeOption: "NoAutoUpgrade",
    });
    const config = configuredAs("typed", { name: "Standard", capacity: 1 });
    const recorded = { ...config, deploymentName: "portal-typed" };
    await control.updateDeploymentSku("portal-typed", { name: "GlobalStandard", capacity: 1 }); // the portal
    const refreshed = { ...recorded, sku: { name: "GlobalStandard", capacity: 1 } } as ModelDeploymentOutputs;

    // An imported name says nothing of which type it was made with: any other type is a new deployment.
    expect((await deploymentProvider.diff!("portal-typed", refreshed, config)).replaces).toEqual(["sku"]);
    const checked = (await deploymentProvider.check!(recorded, config)).inputs as DeploymentInputs;
    const beside = (await deploymentProvider.create(checked)).outs as ModelDeploymentOutputs;
    expect(beside.deploymentName).not.toBe("portal-typed");
    expect((await control.getDeployment("portal-typed"))?.sku?.name).toBe("GlobalStandard"); // untouched until deleted
    await deploymentProvider.delete!("portal-typed", refreshed);
    expect(await control.getDeployment("portal-typed")).toBeUndefined();
    expect((await control.getDeployment(beside.deploymentName))?.model.name).toBe(model);
  }, 60_000);
});
