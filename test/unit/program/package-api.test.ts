// declareFineTunedModels as another program calls it, through the SDK's mock runtime: typed models (what an
// editor flags is checked by the project's type check, test/unit/typecheck.test.ts, and refused at run time too),
// resource options on every model's component, and an account that is another resource's output, checked with
// the preflight once known.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { declareFineTunedModels } from "../../../api";
import { configAccount, isPlainAccount } from "../../../program/account-input";
import { recordRegistrations } from "../../support/recording-mocks";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const root = path.resolve(__dirname, "..", "..", "..");
const model = {
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  method: { type: "supervised" as const, hyperparameters: { n_epochs: 1 } },
};
const ACCOUNT_ID = "/subscriptions/1111/resourceGroups/rg-ml/providers/Microsoft.CognitiveServices/accounts/acct";

beforeAll(async () => {
  vi.stubEnv("FOUNDRY_PREFLIGHT", "off"); // the preflight's own tests read a service; here only when it runs matters
  await recordRegistrations(registered);
});
afterAll(() => vi.unstubAllEnvs());

const settled = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const warnings = () => vi.mocked(pulumi.log.warn).mock.calls.map((call) => String(call[0]));

describe("configAccount", () => {
  it("takes the subscription and resource group from the account's ARM id", () => {
    expect(configAccount({ name: "acct", id: ACCOUNT_ID, endpoint: "https://acct.openai.azure.com" })).toEqual({
      name: "acct",
      subscriptionId: "1111",
      resourceGroup: "rg-ml",
      endpoint: "https://acct.openai.azure.com",
    });
    expect(configAccount({ name: "acct" })).toEqual({ name: "acct" });
  });

  it("refuses an id that is no account's, or names another account", () => {
    expect(() => configAccount({ name: "acct", id: "/subscriptions/1111/resourceGroups/rg-ml" })).toThrow(
      /service\.account\.id: .* is no Microsoft\.CognitiveServices account id/,
    );
    expect(() => configAccount({ name: "other", id: ACCOUNT_ID })).toThrow(
      "service.account.id names account acct, but service.account.name is other",
    );
  });

  it("tells plain values from outputs and promises", () => {
    expect(isPlainAccount({ name: "acct", id: ACCOUNT_ID })).toBe(true);
    expect(isPlainAccount({ name: pulumi.output("acct") })).toBe(false);
    expect(isPlainAccount({ name: Promise.resolve("acct") })).toBe(false);
  });
});

describe("declareFineTunedModels", () => {
  it("puts every model's component under the program's own parent", async () => {
    const app = new pulumi.ComponentResource("shop:index:App", "app");
    const { support } = await declareFineTunedModels(
      { projectDir: root, models: { support: model }, service: { target: "local", account: { name: "acct" } } },
      { parent: app },
    );
    expect(await settled(support!.urn)).toBe(
      "urn:pulumi:dev::app::shop:index:App$foundry:index:FineTunedModel::support",
    );
  });

  it("with an account that is an output, runs the preflight once it is known, and gives the resources its target", async () => {
    vi.spyOn(pulumi.log, "warn").mockClear();
    let resolveId!: (id: string) => void;
    const id = pulumi.output(new Promise<string>((resolve) => (resolveId = resolve)));
    const { late } = await declareFineTunedModels({
      projectDir: root,
      models: { late: model },
      service: { target: "azure", account: { name: "acct", id } },
    });
    // Declared before the account is known: nothing checked yet.
    expect(warnings().filter((w) => w.startsWith("preflight"))).toEqual([]);
    resolveId(ACCOUNT_ID);
    expect(await settled(late!.job.urn)).toContain("late");
    expect(warnings()).toContain(
      "preflight skipped (FOUNDRY_PREFLIGHT=off): the account's models, room, capacity and roles are not checked",
    );
    const file = registered.find((r) => r.name === "late-training")!;
    expect(file.inputs.target).toMatchObject({
      kind: "azure",
      accountName: "acct",
      subscriptionId: "1111",
      resourceGroup: "rg-ml",
    });
    expect(await settled(pulumi.output(late!.outputs.accountId))).toBe(ACCOUNT_ID);
  });

  it("with an account a preview cannot know, says the preflight waits for it", async () => {
    vi.spyOn(pulumi.log, "warn").mockClear();
    await declareFineTunedModels({
      projectDir: root,
      models: { unknown: model },
      service: {
        target: "azure",
        account: { name: pulumi.output(pulumi.unknown as unknown as string), id: ACCOUNT_ID },
      },
    });
    await vi.waitFor(() =>
      expect(warnings().some((w) => w.startsWith("preflight deferred: the account is another resource's output"))).toBe(
        true,
      ),
    );
    expect(warnings()).not.toContain(
      "preflight skipped (FOUNDRY_PREFLIGHT=off): the account's models, room, capacity and roles are not checked",
    );
  });
});

it("refuses at run time what the types flag in an editor", async () => {
  const mistakes = declareFineTunedModels({
    projectDir: root,
    models: {
      // @ts-expect-error a misspelt key of a model
      a: { baseModel: "m", trainingFile: "a.jsonl", sufix: "x" },
      // @ts-expect-error a hyperparameter the method does not take
      b: { baseModel: "m", trainingFile: "a.jsonl", method: { type: "supervised", hyperparameters: { beta: 0.1 } } },
      // @ts-expect-error a number where the schema takes a string
      c: { baseModel: 4, trainingFile: "a.jsonl" },
    },
    // @ts-expect-error a target that does not exist
    service: { target: "aws", account: { name: "acct" } },
  });
  await expect(mistakes).rejects.toThrow(/foundry-finetune:target: /);
});

it("names each model's mistake with its key", async () => {
  const models = {
    a: { baseModel: "m", trainingFile: "a.jsonl", sufix: "x" },
    b: { baseModel: "m", trainingFile: "a.jsonl", method: { type: "supervised", hyperparameters: { beta: 0.1 } } },
  };
  const error = await declareFineTunedModels({
    projectDir: root,
    models: models as never,
    service: { target: "local", account: { name: "acct" } },
  }).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/foundry-finetune:models\.a: .*sufix/);
  expect((error as Error).message).toMatch(
    /foundry-finetune:models\.b\.method\.hyperparameters: supervised takes no "beta"/,
  );
});
