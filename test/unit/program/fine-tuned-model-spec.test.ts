// `new FineTunedModel(name, { ...config keys })` as another program writes it, through the SDK's mock runtime:
// typed from the config schema's input type (what an editor flags is checked by the project's type check,
// test/unit/typecheck.test.ts, and refused at run time too), and the same resources as declareFineTunedModels.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { declareFineTunedModels, FineTunedModel, type FineTunedModelSpec } from "../../../api";
import { recordRegistrations } from "../../support/recording-mocks";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const root = path.resolve(__dirname, "..", "..", "..");
const model = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  method: { type: "supervised" as const, hyperparameters: { n_epochs: 1 } },
  deployment: { name: "helpdesk", capacity: 2 },
};
const service = { target: "local" as const, account: { name: "acct" } };

beforeAll(async () => {
  vi.stubEnv("FOUNDRY_PREFLIGHT", "off"); // the preflight's own tests read a service
  await recordRegistrations(registered);
});

const settled = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

/** What a declaration registers, once its deployment is: types, names and inputs, in order. */
async function registrations(declare: () => unknown): Promise<unknown[]> {
  registered.length = 0;
  declare();
  await vi.waitFor(() => expect(registered.some((r) => r.type.endsWith("ModelDeployment"))).toBe(true));
  return registered.map(({ type, name, inputs }) => ({ type, name, inputs }));
}

describe("new FineTunedModel with the keys of a model in stack config", () => {
  it("declares the same resources as declareFineTunedModels", async () => {
    const spec: FineTunedModelSpec = { projectDir: root, service, ...model };
    const viaClass = await registrations(() => new FineTunedModel("helpdesk", spec));
    const viaCall = await registrations(() =>
      declareFineTunedModels(
        { projectDir: root, service, models: { helpdesk: model } },
        { parent: new pulumi.ComponentResource("app:index:Group", "group") },
      ),
    );
    expect(viaClass.length).toBeGreaterThanOrEqual(4); // component, training file, job, deployment
    // The same but for the URNs the resources record, which name the group the call put its model in.
    const outsideGroup = viaCall.filter((r) => (r as { type: string }).type !== "app:index:Group");
    expect(JSON.parse(JSON.stringify(outsideGroup).replaceAll("app:index:Group$", ""))).toEqual(viaClass);
  });

  it("gives its outputs once its resources are declared, and knows what the config decides at once", async () => {
    const support = new FineTunedModel("support", { projectDir: root, service, ...model });
    expect(support.outputs.deployment).toMatchObject({ sku: "Standard", capacity: 2 });
    expect(support.outputs.evaluation).toBeUndefined();
    expect(await settled(support.job.urn)).toBe(
      "urn:pulumi:dev::app::foundry:index:FineTunedModel$pulumi-nodejs:dynamic/foundry:FineTuningJob::support",
    );
    expect(await settled(pulumi.output(support.outputs.accountId))).toMatch(/\/accounts\/acct$/);
  });

  it("refuses at construction, naming the key, what the types flag in an editor", () => {
    const base = { projectDir: root, service, trainingFile: "a.jsonl" };
    // @ts-expect-error a misspelt key of a model
    expect(() => new FineTunedModel("a", { ...base, baseModel: "m", sufix: "x" })).toThrow(
      /foundry-finetune:models\.a: .*sufix/,
    );
    const beta = { type: "supervised", hyperparameters: { beta: 0.1 } } as const;
    // @ts-expect-error a hyperparameter the method does not take
    expect(() => new FineTunedModel("b", { ...base, baseModel: "m", method: beta })).toThrow(
      /foundry-finetune:models\.b\.method\.hyperparameters: supervised takes no "beta"/,
    );
    // @ts-expect-error a number where the schema takes a string
    expect(() => new FineTunedModel("c", { ...base, baseModel: 4 })).toThrow(/foundry-finetune:models\.c\.baseModel/);
    // @ts-expect-error the folder its paths are relative to is required
    expect(() => new FineTunedModel("d", { service, baseModel: "m", trainingFile: "a.jsonl" })).toThrow(
      "FineTunedModel d: projectDir: the folder that dataset and evaluation paths are relative to is required",
    );
  });
});
