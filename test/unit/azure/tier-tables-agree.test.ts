// The program's training-tier table (azure/model-tiers.ts) and the local service's restatement of it
// (emulator/azure-facts.ts) are kept apart on purpose (the service must not share the client's reading), so this
// test is what keeps them the same: models, tiers, and the regions of Standard and global training.
import { describe, expect, it } from "vitest";
import { modelTiers, tiersInRegion, tierTableModels } from "../../../azure/model-tiers";
import { GLOBAL_TRAINING_REGIONS, STANDARD_TRAINING_REGIONS, TRAINING_TIERS } from "../../../emulator/azure-facts";
import { trainingTiers } from "../../../emulator/domain/account-models";
import { PROVISIONED_REGIONS } from "../../../emulator/domain/provisioned";

const norm = (r: string) => r.replace(/\s+/g, "").toLowerCase();
const tier = (t: string) => (t.toLowerCase() === "developertier" ? "Developer" : t);
const REGIONS = [
  "swedencentral",
  "northcentralus",
  "eastus2",
  "eastus",
  "polandcentral",
  "westus2",
  "japaneast",
  "switzerlandwest",
];

describe("the training-tier tables of the program and the local service", () => {
  it("list the same models", () => {
    expect(Object.keys(TRAINING_TIERS).sort()).toEqual(tierTableModels().sort());
  });

  it.each(tierTableModels())(
    "%s: the same tiers, Standard regions, global-training regions and provisioned regions",
    (model) => {
      const program = modelTiers(model)!;
      expect(TRAINING_TIERS[model]!.map(tier).sort()).toEqual([...program.training].sort());
      expect([...(STANDARD_TRAINING_REGIONS[model] ?? [])].sort()).toEqual(program.standardRegions.map(norm).sort());
      expect([...(GLOBAL_TRAINING_REGIONS[model] ?? [])].sort()).toEqual(program.globalRegions.map(norm).sort());
      for (const region of REGIONS)
        expect(trainingTiers(model, region).sort()).toEqual(tiersInRegion(program, region).sort());
      expect([...(PROVISIONED_REGIONS[model] ?? [])].sort()).toEqual(program.provisionedRegions.map(norm).sort());
    },
  );

  it("gpt-4o and gpt-4o-mini train on GlobalStandard and Developer; o4-mini and gpt-35-turbo train nowhere global", () => {
    for (const model of ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"])
      expect(modelTiers(model)!.training).toEqual(["Standard", "GlobalStandard", "Developer"]);
    expect(modelTiers("o4-mini-2025-04-16")!.training).toEqual(["Standard"]);
    expect(modelTiers("gpt-35-turbo-0125")).toBeUndefined();
  });
});
