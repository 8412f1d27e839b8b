// ModelDeployment's pure logic (resources/model-deployment/provider.ts, resources/model-deployment/contract.ts): sku and
// capacity change in place; a new model is a new deployment beside the live one (no same-name outage).
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../../../program/config";
import {
  type DeploymentInputs,
  diffDeployment,
  type ModelDeploymentOutputs,
  physicalName,
} from "../../../../resources/model-deployment/contract";
import { deploymentToMakeRoom, missingModelReason } from "../../../../resources/model-deployment/provider";
import type { TargetInputs } from "../../../../resources/shared/target-inputs";
import { UNKNOWN } from "../../../../resources/shared/unknown";
import { localTarget } from "../../../support/resource-fixtures";

const target: TargetInputs = localTarget;
const MODEL = "gpt-4.1-mini-2025-04-14.ft-0123456789abcdef-clippy";
const MODEL2 = "gpt-4.1-mini-2025-04-14.ft-fedcba9876543210-clippy";

function inputs(overrides: Partial<DeploymentInputs> = {}): DeploymentInputs {
  return {
    target,
    resourceUrn: "urn:pulumi:dev::foundry-finetune::foundry:index:ModelDeployment::clippy",
    modelName: "clippy",
    name: "clippy",
    model: MODEL,
    sku: { name: "Standard", capacity: 1 },
    versionUpgradeOption: "NoAutoUpgrade",
    jobStatus: "succeeded",
    ...overrides,
  };
}

function outputs(overrides: Partial<ModelDeploymentOutputs> = {}): ModelDeploymentOutputs {
  const ins = inputs();
  return {
    ...ins,
    deploymentName: physicalName(ins.name, ins.model!),
    provisioningState: "Succeeded",
    endpoint: "https://127.0.0.1/accounts/dev",
    ...overrides,
  };
}

describe("diffDeployment", () => {
  it("reports no change (so no service call) when nothing changed", () => {
    expect(diffDeployment(outputs(), inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores the job's status and ETA, which are only for messages", () => {
    expect(diffDeployment(outputs(), inputs({ jobStatus: "running", jobEstimatedFinish: 1_900_000_000 })).changes).toBe(
      false,
    );
  });

  const inPlace: [string, Partial<DeploymentInputs>][] = [
    ["capacity", { sku: { name: "Standard", capacity: 5 } }],
    ["RAI policy", { raiPolicyName: "strict" }],
    ["upgrade option", { versionUpgradeOption: "OnceNewDefaultVersionAvailable" }],
    ["sku unknown during a preview", { sku: UNKNOWN as never }],
  ];
  for (const [what, change] of inPlace) {
    it(`changes the ${what} in place, without a replace`, () => {
      expect(diffDeployment(outputs(), inputs(change))).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
  }

  it("puts back in place a sku type changed outside (a refresh read it): a new one by that name would be the same deployment", () => {
    // Deployed as GlobalStandard (its name says so), switched to Standard in the portal, then refreshed.
    const global = { name: "GlobalStandard", capacity: 1 };
    const refreshed = outputs({
      sku: { name: "Standard", capacity: 1 },
      deploymentName: physicalName("clippy", MODEL, global.name),
    });
    expect(diffDeployment(refreshed, inputs({ sku: global }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    // The same drift with another model too: a new deployment by another name, as any model change.
    expect(diffDeployment(refreshed, inputs({ sku: global, model: MODEL2 })).replaces).toEqual(["model", "sku"]);
  });

  it("treats a missing and an empty RAI policy or source as the same", () => {
    expect(diffDeployment(outputs({ raiPolicyName: undefined }), inputs({ raiPolicyName: "" })).changes).toBe(false);
    expect(diffDeployment(outputs({ source: "" }), inputs({ source: undefined })).changes).toBe(false);
  });

  const replaced: [string, Partial<DeploymentInputs>, string][] = [
    ["model", { model: MODEL2 }, "model"],
    ["model, to a checkpoint", { model: "ftchkpt-abc123" }, "model"],
    ["model, unknown during a preview", { model: UNKNOWN }, "model"],
    ["name", { name: "clippy-v2" }, "name"],
    ["sku type (beside the old one, then the swap)", { sku: { name: "GlobalStandard", capacity: 1 } }, "sku"],
    [
      "source account",
      { source: "/subscriptions/x/resourceGroups/y/providers/Microsoft.CognitiveServices/accounts/dev" },
      "source",
    ],
    ["account", { target: { ...target, accountName: "prod" } }, "target"],
  ];
  for (const [what, change, key] of replaced) {
    it(`replaces, creating the new one before deleting the old, when the ${what} changes`, () => {
      expect(diffDeployment(outputs(), inputs(change))).toEqual({
        changes: true,
        replaces: [key],
        deleteBeforeReplace: false,
      });
    });
  }

  it("replaces a model beside the live deployment: the new one has another name on the service", () => {
    const news = inputs({ model: MODEL2, sku: { name: "Standard", capacity: 3 } });
    const diff = diffDeployment(outputs(), news);
    expect(diff.replaces).toEqual(["model"]);
    expect(diff.deleteBeforeReplace).toBe(false);
    expect(physicalName(news.name, news.model!)).not.toBe(outputs().deploymentName);
  });

  it("does not replace for the local port or the spelling of the account name", () => {
    expect(diffDeployment(outputs(), inputs({ target: { ...target, localPort: 40000 } })).changes).toBe(false);
    expect(diffDeployment(outputs(), inputs({ target: { ...target, accountName: "Dev" } })).changes).toBe(false);
  });
});

describe("missingModelReason", () => {
  it("has nothing to say when there is a model, or when the model is unknown during a preview", () => {
    expect(missingModelReason(inputs(), 0)).toBeUndefined();
    expect(missingModelReason(inputs({ model: UNKNOWN }), 0)).toBeUndefined();
  });

  it("names the model, the job's status and its ETA when the model is not trained yet", () => {
    const now = 1_800_000_000;
    const reason = missingModelReason(
      inputs({ model: undefined, jobStatus: "running", jobEstimatedFinish: now + 600 }),
      now,
    );
    expect(reason).toContain("clippy");
    expect(reason).toContain("running");
    expect(reason).toMatch(/ETA 10 min/);
    expect(reason).toMatch(/pulumi up/);
  });

  it("handles an empty model, no status and no ETA", () => {
    const reason = missingModelReason(inputs({ model: "", jobStatus: undefined, jobEstimatedFinish: undefined }), 0);
    expect(reason).toBeDefined();
    expect(reason).toContain("not finished");
    expect(reason).not.toContain("ETA");
  });
});

describe("physicalName", () => {
  it("gives another sku another name (so it deploys beside the old one); Standard keeps the model-only name", () => {
    expect(physicalName("clippy", MODEL, "Standard")).toBe(physicalName("clippy", MODEL));
    expect(physicalName("clippy", MODEL, "GlobalStandard")).not.toBe(physicalName("clippy", MODEL));
    expect(physicalName("clippy", MODEL, "GlobalStandard")).toMatch(/^clippy-[0-9a-f]{8}$/);
  });

  it("is <name>-<8 hex>, the same for the same model, another for another model", () => {
    expect(physicalName("clippy", MODEL)).toMatch(/^clippy-[0-9a-f]{8}$/);
    expect(physicalName("clippy", MODEL)).toBe(physicalName("clippy", MODEL));
    expect(physicalName("clippy", MODEL2)).not.toBe(physicalName("clippy", MODEL));
    expect(physicalName("clippy", "ftchkpt-abc123")).not.toBe(physicalName("clippy", MODEL));
    expect(physicalName("other", MODEL).slice(-8)).toBe(physicalName("clippy", MODEL).slice(-8));
  });

  it("keeps the longest deployment name the config accepts within the service's 64 characters", () => {
    const longest = "d" + "x".repeat(50);
    const config = (name: string) => ({
      account: { name: "dev" },
      models: {
        m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl", deployment: { name } },
      },
    });
    expect(parseStackConfig(config(longest)).models.m!.deployment!.name).toBe(longest);
    expect(() => parseStackConfig(config(longest + "x"))).toThrow(/deployment\.name/);
    // The local service's rule for deployment names (emulator/routes/arm.ts), like Azure's: at most 64 characters.
    expect(physicalName(longest, MODEL)).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/);
  });
});

describe("deploymentToMakeRoom", () => {
  it("picks the deployment of the same configured name with another model", () => {
    const old = physicalName("clippy", MODEL);
    const fresh = physicalName("clippy", MODEL2);
    const existing = [physicalName("other", MODEL), old, physicalName("clippy-v2", MODEL), fresh];
    expect(deploymentToMakeRoom(existing, "clippy", fresh)).toBe(old);
  });

  it("never picks the new deployment itself, another configured name, or a name that only starts alike", () => {
    const fresh = physicalName("clippy", MODEL2);
    expect(deploymentToMakeRoom([fresh], "clippy", fresh)).toBeUndefined();
    expect(
      deploymentToMakeRoom(
        [physicalName("clippy-v2", MODEL), physicalName("clippyx", MODEL), "clippy"],
        "clippy",
        fresh,
      ),
    ).toBeUndefined();
    expect(deploymentToMakeRoom([], "clippy", fresh)).toBeUndefined();
  });

  it("reads the configured name literally (dots are not wildcards)", () => {
    const fresh = physicalName("a.b", MODEL2);
    expect(deploymentToMakeRoom([physicalName("axb", MODEL)], "a.b", fresh)).toBeUndefined();
    expect(deploymentToMakeRoom([physicalName("axb", MODEL), physicalName("a.b", MODEL)], "a.b", fresh)).toBe(
      physicalName("a.b", MODEL),
    );
  });
});
