// What a preview can know of an update: the engine answers a preview of a dynamic resource's update with its
// checked inputs as outputs, so check returns what the update keeps, and diffs never update for bookkeeping.
import { describe, expect, it } from "vitest";
import { diffEvaluation, type EvaluationInputs } from "../../../../resources/evaluation/contract";
import {
  type DeploymentInputs,
  knownOutputs,
  physicalName,
  plannedDeploymentName,
  updatesInPlace,
} from "../../../../resources/model-deployment/contract";
import { UNKNOWN } from "../../../../resources/shared/unknown";
import { localTarget } from "../../../support/resource-fixtures";

const MODEL = "gpt-4.1-mini-2025-04-14.ft-0123456789abcdef-clippy";

const deployment = (overrides: Partial<DeploymentInputs> = {}): DeploymentInputs => ({
  target: localTarget,
  resourceUrn: "urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:ModelDeployment::clippy",
  modelName: "clippy",
  name: "clippy",
  model: MODEL,
  sku: { name: "Standard", capacity: 1 },
  versionUpgradeOption: "NoAutoUpgrade",
  ...overrides,
});

describe("ModelDeployment: outputs known before the update", () => {
  it("knows the deployment's name from its name, model and sku type, as create names it", () => {
    expect(knownOutputs(deployment())).toEqual({ deploymentName: physicalName("clippy", MODEL) });
    expect(knownOutputs(deployment({ model: "ftchkpt-abc" }))).toEqual({
      deploymentName: physicalName("clippy", "ftchkpt-abc"),
    });
    // A GlobalStandard deployment has a name of its own; the preview must name it as create does (the catalogue
    // once previewed its evaluation as kept).
    const global = knownOutputs(deployment({ sku: { name: "GlobalStandard", capacity: 1 } }));
    expect(global).toEqual({ deploymentName: physicalName("clippy", MODEL, "GlobalStandard") });
    expect(global.deploymentName).not.toBe(physicalName("clippy", MODEL));
  });

  // `pulumi import` of a deployment made in the portal records its name, which is not `<name>-<hash>`.
  it("keeps the recorded name while the deployment stays, and names a new one as create does", () => {
    const imported = { ...deployment(), deploymentName: "portal-made" };
    const capacity = deployment({ sku: { name: "Standard", capacity: 2 } });
    expect(plannedDeploymentName(imported, capacity)).toBe("portal-made");
    expect(knownOutputs(capacity, imported)).toEqual({ deploymentName: "portal-made" });
    expect(plannedDeploymentName(imported, deployment())).toBe("portal-made"); // unchanged
    expect(plannedDeploymentName(imported, deployment({ raiPolicyName: "Microsoft.DefaultV2" }))).toBe("portal-made");
    // A replacement is a new deployment beside the old one, under the name create gives it.
    expect(plannedDeploymentName(imported, deployment({ model: "ftchkpt-abc" }))).toBe(
      physicalName("clippy", "ftchkpt-abc"),
    );
    expect(plannedDeploymentName(imported, deployment({ name: "support" }))).toBe(physicalName("support", MODEL));
    const global = deployment({ sku: { name: "GlobalStandard", capacity: 1 } });
    expect(plannedDeploymentName(imported, global)).toBe(physicalName("clippy", MODEL, "GlobalStandard"));
    expect(plannedDeploymentName(imported, deployment({ target: { ...localTarget, accountName: "other" } }))).toBe(
      physicalName("clippy", MODEL),
    );
    // Nothing recorded (a create), or recorded without a target: the name create gives.
    expect(plannedDeploymentName({}, capacity)).toBe(physicalName("clippy", MODEL));
    const { target: _t, ...untargeted } = imported;
    expect(plannedDeploymentName(untargeted, capacity)).toBe(physicalName("clippy", MODEL));
  });

  it("knows nothing while the model is unknown or not trained yet", () => {
    expect(knownOutputs(deployment({ model: UNKNOWN }))).toEqual({});
    expect(knownOutputs(deployment({ model: "" }))).toEqual({});
    expect(knownOutputs(deployment({ model: undefined }))).toEqual({});
  });

  it("anticipates an in-place update for capacity, RAI policy and upgrade option only", () => {
    const olds = deployment();
    expect(updatesInPlace(olds, deployment({ sku: { name: "Standard", capacity: 2 } }))).toBe(true);
    // Another sku type is a new deployment beside the old one (whether Azure changes the type in place is unconfirmed).
    expect(updatesInPlace(olds, deployment({ sku: { name: "GlobalStandard", capacity: 1 } }))).toBe(false);
    expect(updatesInPlace(olds, deployment({ raiPolicyName: "Microsoft.Default" }))).toBe(true);
    expect(updatesInPlace(olds, deployment({ versionUpgradeOption: "OnceCurrentVersionExpired" }))).toBe(true);
    expect(updatesInPlace(olds, deployment())).toBe(false);
    expect(updatesInPlace(olds, deployment({ model: "ftchkpt-abc", sku: { name: "Standard", capacity: 2 } }))).toBe(
      false,
    );
    expect(updatesInPlace(olds, deployment({ model: UNKNOWN }))).toBe(false);
    expect(updatesInPlace({}, deployment())).toBe(false); // a create: no stored inputs
  });
});

describe("Evaluation: re-runs only for what changes its scores", () => {
  const evaluation = (overrides: Partial<EvaluationInputs> = {}): EvaluationInputs => ({
    target: localTarget,
    resourceUrn: "urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:Evaluation::clippy-evaluation",
    modelName: "clippy",
    deploymentName: "clippy-0123abcd",
    model: MODEL,
    file: "datasets/clippy/eval.jsonl",
    fileSha256: "a".repeat(64),
    maxTokens: 80,
    ...overrides,
  });

  it("changes nothing for the same inputs, or a moved file with the same bytes", () => {
    expect(diffEvaluation(evaluation(), evaluation())).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffEvaluation(evaluation(), evaluation({ file: "elsewhere/eval.jsonl" })).changes).toBe(false);
  });

  it("re-runs (replaces, keeping the old scores until the new exist) for a new deployment, model, bytes or limit", () => {
    for (const change of [
      { deploymentName: "clippy-fedcba98" },
      { model: "ftchkpt-abc" },
      { fileSha256: "b".repeat(64) },
      { maxTokens: 40 },
      { deploymentName: UNKNOWN },
    ]) {
      const diff = diffEvaluation(evaluation(), evaluation(change));
      expect(diff).toEqual({ changes: true, replaces: Object.keys(change), deleteBeforeReplace: false });
    }
  });
});
