// The comparison behind the preview catalogue (testkit/catalogue/compare.ts): which operations a preview
// announced and an up performed, and which unknowns of a preview were no change at all.
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../../resources/shared/unknown";
import {
  catalogueRow,
  normalizeOp,
  previewOps,
  renderCatalogue,
  resourceLabel,
  unknownsKeptByUp,
  upOps,
} from "../../../../testkit/catalogue/compare";

const urn = (type: string, name: string) => `urn:pulumi:dev::foundry-finetune::${type}::${name}`;
const DEPLOYMENT = urn("pulumi-nodejs:dynamic/foundry:ModelDeployment", "clippy");
const EVALUATION = urn("pulumi-nodejs:dynamic/foundry:Evaluation", "clippy-evaluation");
const PROVIDER = urn("pulumi:providers:pulumi-nodejs", "default");

describe("operations", () => {
  it("reads the three steps of a replacement as one replace, and same as nothing", () => {
    expect(["create-replacement", "replace", "delete-replaced", "discard-replaced"].map(normalizeOp)).toEqual([
      "replace",
      "replace",
      "replace",
      "replace",
    ]);
    expect(normalizeOp("same")).toBeUndefined();
    expect(normalizeOp("update")).toBe("update");
    expect(normalizeOp("read-replacement")).toBe("read");
  });

  it("labels a resource by its short type and name", () => {
    expect(resourceLabel(DEPLOYMENT)).toBe("ModelDeployment clippy");
    expect(resourceLabel(urn("pulumi:pulumi:StackReference", "source-dev"))).toBe("StackReference source-dev");
  });

  it("lists distinct, sorted operations of a preview and of an up's events, without default providers", () => {
    const steps = [
      { op: "create-replacement", urn: EVALUATION },
      { op: "replace", urn: EVALUATION },
      { op: "update", urn: DEPLOYMENT },
      { op: "same", urn: urn("pulumi-nodejs:dynamic/foundry:FineTuningJob", "clippy") },
      { op: "update", urn: PROVIDER },
    ];
    expect(previewOps(steps)).toEqual(["Evaluation clippy-evaluation replace", "ModelDeployment clippy update"]);
    const events = [
      { resOutputsEvent: { metadata: { op: "update", urn: DEPLOYMENT } } },
      {},
      { resOutputsEvent: { metadata: { op: "update", urn: PROVIDER } } },
    ];
    expect(upOps(events, "dev: ")).toEqual(["dev: ModelDeployment clippy update"]);
  });
});

describe("unknowns that were no change", () => {
  const before = [
    { urn: EVALUATION, inputs: { deploymentName: "clippy-0123abcd", model: "m" } },
    { urn: DEPLOYMENT, inputs: { jobStatus: "succeeded" } },
  ];

  it("flags an input previewed unknown on a kept or updated resource that the up left unchanged", () => {
    const steps = [{ op: "same", urn: EVALUATION, newState: { inputs: { deploymentName: UNKNOWN, model: "m" } } }];
    expect(unknownsKeptByUp(steps, before, before)).toEqual(["Evaluation clippy-evaluation.deploymentName"]);
    const nested = [{ op: "update", urn: EVALUATION, newState: { inputs: { model: { name: UNKNOWN } } } }];
    expect(
      unknownsKeptByUp(
        nested,
        [{ urn: EVALUATION, inputs: { model: { name: "m" } } }],
        [{ urn: EVALUATION, inputs: { model: { name: "m" } } }],
      ),
    ).toEqual(["Evaluation clippy-evaluation.model"]);
  });

  it("accepts an unknown that the up changed, and the inputs of replacements and new resources", () => {
    const after = [
      { urn: EVALUATION, inputs: { deploymentName: "clippy-fedcba98", model: "m" } },
      { urn: DEPLOYMENT, inputs: { jobStatus: "succeeded" } },
    ];
    expect(
      unknownsKeptByUp(
        [{ op: "update", urn: EVALUATION, newState: { inputs: { deploymentName: UNKNOWN } } }],
        before,
        after,
      ),
    ).toEqual([]);
    expect(
      unknownsKeptByUp(
        [{ op: "replace", urn: DEPLOYMENT, newState: { inputs: { jobStatus: UNKNOWN } } }],
        before,
        after,
      ),
    ).toEqual([]);
    expect(
      unknownsKeptByUp([{ op: "same", urn: urn("x:y:Z", "new"), newState: { inputs: { a: UNKNOWN } } }], before, after),
    ).toEqual([]);
  });
});

describe("rows and table", () => {
  it("matches only equal operations with no false unknown", () => {
    expect(catalogueRow("capacity", ["A update"], ["A update"], []).match).toBe(true);
    expect(catalogueRow("capacity", ["A update", "B replace"], ["A update"], []).match).toBe(false);
    expect(catalogueRow("capacity", ["A update"], ["A update"], ["B x.y"]).match).toBe(false);
  });

  it("renders one line per edit and counts mismatches", () => {
    const table = renderCatalogue([
      catalogueRow("capacity", ["A update"], ["A update"], []),
      catalogueRow("metadata", [], ["A update"], []),
    ]);
    expect(table).toContain("| capacity | A update | A update | yes |");
    expect(table).toContain("| metadata | none | A update | **no** |");
    expect(table).toContain("2 edits, 1 mismatch\n");
  });
});
