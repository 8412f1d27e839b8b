// Facts the local service restates on purpose (emulator/README.md, "Facts shared with the program and restated"):
// its own model of Azure must not share the program's reading, so these tests keep the two the same, and a
// failure lists every case where they differ. The training tiers have their own: test/unit/validate/tier-tables-agree.test.ts.
import { describe, expect, it } from "vitest";
import { DEPLOYMENT_SKUS } from "../../../azure/model-tiers";
import { FINE_TUNED_SKUS } from "../../../emulator/azure-facts";
import { actionMatches as serviceMatches } from "../../../emulator/domain/key-roles";
import { PROVISIONED_SKUS as SERVICE_PROVISIONED_SKUS } from "../../../emulator/domain/provisioned";
import { actionMatches as programMatches } from "../../../foundry/preflight-identity";

const ACTIONS = [
  "Microsoft.CognitiveServices/accounts/deployments/write",
  "Microsoft.CognitiveServices/accounts/deployments/read",
  "Microsoft.CognitiveServices/accounts/OpenAI/files/import/action",
  "Microsoft.CognitiveServices/accounts/OpenAI/fine-tunes/write",
  "microsoft.cognitiveservices/accounts/openai/deployments/chat/completions/action",
  "Microsoft.Authorization/roleAssignments/write",
  "Microsoft.CognitiveServices/accounts/listKeys/action",
];
const PATTERNS = [
  "*",
  "*/read",
  "Microsoft.CognitiveServices/*",
  "Microsoft.CognitiveServices/*/read",
  "Microsoft.CognitiveServices/accounts/OpenAI/*",
  "Microsoft.CognitiveServices/accounts/OpenAI/*/read",
  "Microsoft.CognitiveServices/accounts/deployments/write",
  "MICROSOFT.COGNITIVESERVICES/ACCOUNTS/DEPLOYMENTS/*",
  "Microsoft.CognitiveServices/accounts/*/action",
  "Microsoft.Cognitive*/accounts/listKeys/action",
  "Microsoft.CognitiveServices/accounts.deployments/write", // a dot is no wildcard
  "Microsoft.CognitiveServices/accounts/(deployments)/write",
];

describe("facts the local service restates", () => {
  it("Azure's wildcard action match: the same answer for every pattern and action", () => {
    const differences = PATTERNS.flatMap((pattern) =>
      ACTIONS.filter((action) => programMatches(pattern, action) !== serviceMatches(pattern, action)).map(
        (action) =>
          `${pattern} ~ ${action}: program ${programMatches(pattern, action)}, local service ${serviceMatches(pattern, action)}`,
      ),
    );
    expect(differences).toEqual([]);
  });

  it("the skus a fine-tuned model deploys on", () => {
    const service = [...FINE_TUNED_SKUS, ...SERVICE_PROVISIONED_SKUS].map((s) => s.toLowerCase()).sort();
    expect(service).toEqual(DEPLOYMENT_SKUS.map((s) => s.toLowerCase()).sort());
  });
});
