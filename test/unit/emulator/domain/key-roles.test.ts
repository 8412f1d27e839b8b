// The local service's keys with roles: which operation a request is, and what each role may do.
import { describe, expect, it } from "vitest";
import { accountModels, locationUsages, trainingTiers } from "../../../../emulator/domain/account-models";
import { operationOf, refusalFor } from "../../../../emulator/domain/key-roles";

const ARM = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a";

describe("key roles", () => {
  it("names requests as Azure's RBAC does", () => {
    expect(operationOf("PUT", `${ARM}/deployments/d`)).toEqual({
      kind: "action",
      name: "Microsoft.CognitiveServices/accounts/deployments/write",
    });
    expect(operationOf("GET", `${ARM}/models`)).toEqual({
      kind: "action",
      name: "Microsoft.CognitiveServices/accounts/models/read",
    });
    expect(operationOf("POST", "/accounts/a/openai/files")).toEqual({
      kind: "dataAction",
      name: "Microsoft.CognitiveServices/accounts/OpenAI/files/write",
    });
    // Through a Foundry project, the same data actions (the project's files and jobs are its account's).
    expect(operationOf("POST", "/accounts/a/api/projects/p/openai/v1/fine_tuning/jobs")).toEqual({
      kind: "dataAction",
      name: "Microsoft.CognitiveServices/accounts/OpenAI/fine-tunes/write",
    });
    expect(operationOf("POST", "/api/projects/p/openai/files")).toEqual({
      kind: "dataAction",
      name: "Microsoft.CognitiveServices/accounts/OpenAI/files/write",
    });
    expect(operationOf("POST", "/openai/v1/fine_tuning/jobs/ftjob-1/cancel")).toEqual({
      kind: "dataAction",
      name: "Microsoft.CognitiveServices/accounts/OpenAI/fine-tunes/action",
    });
  });

  it("OpenAI Contributor trains but may not deploy; Cognitive Services Contributor deploys but has no data plane; Reader reads", () => {
    const contributor = ["Cognitive Services OpenAI Contributor"];
    expect(refusalFor(contributor, "POST", "/accounts/a/openai/fine_tuning/jobs")).toBeUndefined();
    expect(refusalFor(contributor, "GET", `${ARM}/deployments`)).toBeUndefined();
    expect(refusalFor(contributor, "PUT", `${ARM}/deployments/d`)).toMatchObject({
      status: 403,
      code: "AuthorizationFailed",
    });
    expect(refusalFor(["Cognitive Services Contributor"], "GET", "/accounts/a/openai/files")).toMatchObject({
      status: 403,
      code: "PermissionDenied",
    });
    expect(refusalFor(["Reader"], "DELETE", `${ARM}/deployments/d`)!.message).toContain(
      "'Microsoft.CognitiveServices/accounts/deployments/delete' over scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a'",
    );
    expect(refusalFor(["Reader"], "GET", `${ARM}/providers/Microsoft.Authorization/permissions`)).toBeUndefined();
    expect(refusalFor(["Owner"], "PUT", "/_emulator/faults")).toMatchObject({ status: 403 });
    expect(refusalFor(["Reader"], "GET", "/_emulator/health")).toBeUndefined();
  });
});

describe("account model list and usages", () => {
  it("Standard and global training each only in their regions; Developer everywhere for the 4o and 4.1 families", () => {
    expect(trainingTiers("gpt-4o-mini-2024-07-18", "westus")).toEqual(["GlobalStandard", "Developer"]);
    // East US 2 trains gpt-4o-mini and gpt-4.1 on Standard too: recorded Azure accepted it there.
    expect(trainingTiers("gpt-4o-mini-2024-07-18", "eastus2")).toEqual(["Standard", "GlobalStandard", "Developer"]);
    expect(trainingTiers("gpt-4o-2024-08-06", "eastus2")).toEqual(["Standard", "GlobalStandard", "Developer"]);
    expect(trainingTiers("gpt-4.1-2025-04-14", "westus")).toEqual(["GlobalStandard", "Developer"]);
    expect(trainingTiers("gpt-4.1-2025-04-14", "westus2")).toEqual(["Developer"]);
    expect(trainingTiers("o4-mini-2025-04-16", "westus")).toEqual([]);
    const mini = accountModels("westus").find((m) => m.name === "gpt-4o-mini")!;
    expect(mini).toMatchObject({
      version: "2024-07-18",
      capabilities: { fineTune: "true" },
      finetuneCapabilities: { trainingTypes: "GlobalStandard,Developer" },
    });
  });
  it("a region's usages sum the capacity per sku of the deployments given (nothing invented beside them)", () => {
    const usages = locationUsages([
      { sku: { name: "Standard", capacity: 30 } },
      { sku: { name: "standard", capacity: 5 } },
      { sku: { name: "GlobalStandard", capacity: 1 } },
    ]);
    expect(usages.map((u) => [u.name.value, u.currentValue, u.limit])).toEqual([
      ["OpenAI.Standard.fine-tune", 35, 100],
      ["OpenAI.GlobalStandard.fine-tune", 1, 100],
      ["OpenAI.DeveloperTier.fine-tune", 0, 100],
    ]);
  });
});
