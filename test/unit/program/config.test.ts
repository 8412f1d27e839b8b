// The stack config (program/config.ts): the real stack files parse, and a mistake fails naming the config key
// and the rule broken; trainingOrder trains a model after the model it continues from.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  CONFIG_NAMESPACE,
  ConfigError,
  parseStackConfig,
  type TrainedModelConfig,
  trainingOrder,
} from "../../../program/config";

/** A stack file's config as the program receives it (program/declare-models.ts readStackConfig): keys without the namespace. */
function stackFile(name: string): Record<string, unknown> {
  const doc = yaml.load(readFileSync(path.resolve(__dirname, "../../..", name), "utf8")) as {
    config: Record<string, unknown>;
  };
  const prefix = `${CONFIG_NAMESPACE}:`;
  return Object.fromEntries(
    Object.entries(doc.config)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

const TRAIN = "datasets/clippy/train.jsonl";

/** A small valid config, mutated by each test. */
function config(): { target: string; account: { name: string }; models: Record<string, Record<string, unknown>> } {
  return {
    target: "local",
    account: { name: "dev" },
    models: {
      clippy: {
        baseModel: "gpt-4.1-mini-2025-04-14",
        trainingFile: TRAIN,
        suffix: "clippy",
        method: { type: "supervised", hyperparameters: { n_epochs: 3 } },
        deployment: { name: "clippy", sku: "Standard", capacity: 1 },
      },
    },
  };
}

/** The ConfigError's message for a config that must not parse. */
function errorOf(raw: unknown): string {
  try {
    const parsed = parseStackConfig(raw as Record<string, unknown>, "Pulumi.dev.yaml");
    trainingOrder(parsed.models);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the config parsed; it should not have");
}

describe("parseStackConfig on the real stack files", () => {
  it("parses Pulumi.dev.yaml as written, with the documented defaults filled in", () => {
    const raw = stackFile("Pulumi.dev.yaml");
    const parsed = parseStackConfig(raw, "Pulumi.dev.yaml");
    const written = (raw.models as Record<string, Record<string, unknown>>).clippy!;
    const clippy = parsed.models.clippy!;
    expect(parsed.target).toBe(raw.target);
    expect(parsed.account.name).toBe((raw.account as { name: string }).name);
    expect(clippy.baseModel).toBe(written.baseModel);
    expect(clippy.method).toEqual(written.method);
    expect(clippy.deployment).toMatchObject(written.deployment as object);
    expect(clippy.wait).toBe(true);
    expect(clippy.deleteModelOnDestroy).toBe(false);
    expect(clippy.deployment?.versionUpgradeOption).toBe("NoAutoUpgrade");
    expect(parsed.local).toEqual({ dataDir: ".foundry-local", port: 0 });
    expect(parsed.promotions).toEqual({});
    expect(trainingOrder(parsed.models)).toEqual(Object.keys(raw.models as object));
  });

  it("parses Pulumi.prod.yaml as a promotion, training nothing", () => {
    const raw = stackFile("Pulumi.prod.yaml");
    const parsed = parseStackConfig(raw, "Pulumi.prod.yaml");
    const written = (raw.models as Record<string, Record<string, unknown>>).clippy!;
    expect(parsed.models).toEqual({});
    expect(parsed.promotions.clippy?.promoteFrom).toEqual(written.promoteFrom);
    expect(parsed.promotions.clippy?.gates).toEqual(written.gates);
    expect(trainingOrder(parsed.models)).toEqual([]);
  });
});

describe("parseStackConfig", () => {
  it("defaults the training tier per model (Standard where there is no global training), and the local account ids", () => {
    const parsed = parseStackConfig({
      account: { name: "dev" },
      models: {
        m: { baseModel: "o4-mini-2025-04-16", trainingFile: TRAIN },
        n: { baseModel: { from: "m" }, trainingFile: TRAIN },
        mini: { baseModel: "gpt-4o-mini-2024-07-18", trainingFile: TRAIN },
      },
    });
    expect(parsed.models.m!.trainingType).toBe("Standard");
    expect(parsed.models.n!.trainingType).toBe("Standard");
    // gpt-4o-mini trains globally since the 2026-02 table: its default is GlobalStandard, and it says it was not written.
    expect(parsed.models.mini).toMatchObject({ trainingType: "GlobalStandard", trainingTypeDefaulted: true });
    expect(parsed.models.m).toMatchObject({ trainingTypeDefaulted: true });
    expect(parsed.account).toMatchObject({
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      resourceGroup: "local",
    });
    expect(parsed.dataPlane).toBe("dated");
    const azure = parseStackConfig({
      target: "azure",
      dataPlane: "v1",
      armApiVersion: "2025-07-01-preview",
      account: { name: "xy", subscriptionId: "s", resourceGroup: "rg" },
      models: {},
    });
    expect(azure).toMatchObject({
      dataPlane: "v1",
      armApiVersion: "2025-07-01-preview",
      account: { subscriptionId: "s", resourceGroup: "rg" },
    });
    // ARM versions published after 2026-01-15-preview (the TypeSpec folder's tags) are accepted too.
    for (const armApiVersion of ["2026-03-01", "2026-09-01", "2026-09-15-preview"]) {
      expect(parseStackConfig({ armApiVersion, account: { name: "xy" }, models: {} }).armApiVersion).toBe(
        armApiVersion,
      );
    }
  });

  it("fills the defaults of a minimal model: supervised with auto hyperparameters, GlobalStandard, wait", () => {
    const parsed = parseStackConfig({
      account: { name: "dev" },
      models: { m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: TRAIN } },
    });
    expect(parsed.target).toBe("local");
    expect(parsed.models.m).toMatchObject({
      method: { type: "supervised", hyperparameters: {} },
      trainingType: "GlobalStandard",
      wait: true,
    });
  });

  it("reads training types and skus case-insensitively, and DeveloperTier as the Developer training type", () => {
    const c = config();
    Object.assign(c.models.clippy!, { trainingType: "developertier" });
    (c.models.clippy!.deployment as Record<string, unknown>).sku = "globalstandard";
    const parsed = parseStackConfig(c);
    expect(parsed.models.clippy!.trainingType).toBe("Developer");
    expect(parsed.models.clippy!.deployment!.sku).toBe("GlobalStandard");
  });

  it("accepts continuous fine-tuning from another model of the stack", () => {
    const c = config();
    c.models.next = { baseModel: { from: "clippy" }, trainingFile: TRAIN };
    expect(parseStackConfig(c).models.next!.baseModel).toEqual({ from: "clippy" });
  });

  // Each mistake: the key the error must name, and a fragment of the rule it must state.
  const mistakes: [string, (c: ReturnType<typeof config>) => void, string, RegExp][] = [
    ["a bad suffix", (c) => (c.models.clippy!.suffix = "has space"), "models.clippy.suffix", /1-40 characters/],
    ["a too long suffix", (c) => (c.models.clippy!.suffix = "s".repeat(41)), "models.clippy.suffix", /1-40 characters/],
    [
      "a negative capacity",
      (c) => ((c.models.clippy!.deployment as Record<string, unknown>).capacity = -1),
      "models.clippy.deployment.capacity",
      />=\s*1/,
    ],
    [
      "an unknown base model reference",
      (c) => (c.models.clippy!.baseModel = { from: "nope" }),
      "models.clippy.baseModel.from",
      /names no model this stack trains.*clippy/,
    ],
    [
      "trained and promoted fields together",
      (c) => (c.models.clippy!.promoteFrom = { stack: "dev", model: "clippy" }),
      "models.clippy",
      /baseModel/,
    ],
    [
      "an unknown training type",
      (c) => (c.models.clippy!.trainingType = "Premium"),
      "models.clippy.trainingType",
      /Standard/,
    ],
    [
      "an unknown sku",
      (c) => ((c.models.clippy!.deployment as Record<string, unknown>).sku = "Premium"),
      "models.clippy.deployment.sku",
      /DeveloperTier/,
    ],
    [
      "zero epochs",
      (c) => (c.models.clippy!.method = { type: "supervised", hyperparameters: { n_epochs: 0 } }),
      "models.clippy.method.hyperparameters.n_epochs",
      />=\s*1/,
    ],
    [
      "an unknown hyperparameter",
      (c) => (c.models.clippy!.method = { type: "supervised", hyperparameters: { epochs: 3 } }),
      "models.clippy.method.hyperparameters",
      /epochs/,
    ],
    [
      "a path outside the project",
      (c) => (c.models.clippy!.trainingFile = "../secrets.jsonl"),
      "models.clippy.trainingFile",
      /inside the project/,
    ],
    [
      "an absolute path",
      (c) => (c.models.clippy!.trainingFile = "/etc/train.jsonl"),
      "models.clippy.trainingFile",
      /inside the project/,
    ],
    [
      "a file that is not JSONL",
      (c) => (c.models.clippy!.trainingFile = "datasets/clippy/train.csv"),
      "models.clippy.trainingFile",
      /\.jsonl/,
    ],
    [
      "a bad checkpoint",
      (c) => ((c.models.clippy!.deployment as Record<string, unknown>).checkpoint = { epoch: 0 }),
      "models.clippy.deployment.checkpoint.epoch",
      />=\s*1/,
    ],
    ["a bad adoptJobId", (c) => (c.models.clippy!.adoptJobId = "job-1"), "models.clippy.adoptJobId", /ftjob-/],
    ["a bad wait", (c) => (c.models.clippy!.wait = "yes"), "models.clippy.wait", /boolean/],
    ["an unknown model key", (c) => (c.models.clippy!.epochs = 3), "models.clippy", /epochs/],
    [
      "a bad model name",
      (c) => (c.models["9lives"] = { ...c.models.clippy!, deployment: undefined }),
      "models.9lives",
      /model names/,
    ],
    ["a bad account name", (c) => (c.account.name = "-x"), "account.name", /letters, digits or '-'/],
    ["an unknown target", (c) => (c.target = "aws"), "target", /local|azure/],
    // What Azure would refuse only after the upload or the paid job:
    [
      "azure without a subscription",
      (c) => ((c.target = "azure"), Object.assign(c.account, { resourceGroup: "rg" })),
      "account.subscriptionId",
      /required when target is azure/,
    ],
    [
      "azure without a resource group",
      (c) => ((c.target = "azure"), Object.assign(c.account, { subscriptionId: "s" })),
      "account.resourceGroup",
      /required when target is azure/,
    ],
    [
      "an ARM api-version that does not exist",
      (c) => Object.assign(c, { armApiVersion: "2024-10-21" }),
      "armApiVersion",
      /no Microsoft.CognitiveServices ARM api-version/,
    ],
    [
      "global training of a model without it",
      (c) =>
        Object.assign(c.models.clippy!, {
          baseModel: "o4-mini-2025-04-16",
          trainingType: "GlobalStandard",
          deployment: undefined,
        }),
      "models.clippy.trainingType",
      /does not train on GlobalStandard \(it offers Standard\)/,
    ],
    [
      "DeveloperTier for a model that has none",
      (c) =>
        Object.assign(c.models.clippy!, {
          baseModel: "gpt-4o-2024-08-06",
          deployment: { name: "clippy", sku: "DeveloperTier" },
        }),
      "models.clippy.deployment.sku",
      /do not deploy as DeveloperTier/,
    ],
    [
      "a tier the root of a continued model lacks",
      (c) => (
        (c.models.next = { baseModel: { from: "clippy" }, trainingFile: TRAIN, trainingType: "Developer" }),
        Object.assign(c.models.clippy!, {
          baseModel: "o4-mini-2025-04-16",
          trainingType: "Standard",
          deployment: undefined,
        })
      ),
      "models.next.trainingType",
      /o4-mini-2025-04-16 does not train on Developer/,
    ],
    ["an unknown data-plane surface", (c) => Object.assign(c, { dataPlane: "v2" }), "dataPlane", /dated|v1/],
  ];
  for (const [what, mutate, key, rule] of mistakes) {
    it(`fails on ${what}, naming ${CONFIG_NAMESPACE}:${key}`, () => {
      const c = config();
      mutate(c);
      const message = errorOf(c);
      expect(message).toContain("Pulumi.dev.yaml");
      const line = message.split("\n").find((l) => l.trim().startsWith(`${CONFIG_NAMESPACE}:${key}:`));
      expect(line, message).toBeDefined();
      expect(line).toMatch(rule);
    });
  }

  it("names every bad key at once, one line each", () => {
    const c = config();
    c.models.clippy!.suffix = "has space";
    c.models.clippy!.seed = -1;
    c.models.other = { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "../x.jsonl" };
    const message = errorOf(c);
    for (const key of ["models.clippy.suffix", "models.clippy.seed", "models.other.trainingFile"])
      expect(message).toContain(`${CONFIG_NAMESPACE}:${key}:`);
  });

  it("refuses a deployment name used twice, by trained or promoted models", () => {
    const c = config();
    c.models.prodClippy = { promoteFrom: { stack: "dev", model: "clippy" }, deployment: { name: "clippy" } };
    expect(errorOf(c)).toMatch(new RegExp(`${CONFIG_NAMESPACE}:models: .*"clippy".*twice`));
  });

  it("refuses continuing the training of a promoted model (only trained models can be continued)", () => {
    const c = config();
    c.models.promoted = { promoteFrom: { stack: "dev", model: "clippy" }, deployment: { name: "promoted" } };
    c.models.next = { baseModel: { from: "promoted" }, trainingFile: TRAIN };
    expect(errorOf(c)).toContain(`${CONFIG_NAMESPACE}:models.next.baseModel.from:`);
  });

  it("throws a ConfigError, not a crash, for a config that is not an object at all", () => {
    expect(errorOf({ account: "dev", models: [] })).toContain(`${CONFIG_NAMESPACE}:account:`);
  });
});

describe("trainingOrder", () => {
  const trained = (baseModel: TrainedModelConfig["baseModel"]) => ({ baseModel, trainingFile: TRAIN });
  const order = (models: Record<string, Record<string, unknown>>) =>
    trainingOrder(parseStackConfig({ account: { name: "dev" }, models }).models);

  it("puts a model after the model it continues from, whatever the declaration order", () => {
    const result = order({
      c: trained({ from: "b" }),
      b: trained({ from: "a" }),
      a: trained("gpt-4.1-mini-2025-04-14"),
      x: trained("gpt-4o-mini-2024-07-18"),
    });
    expect([...result].sort()).toEqual(["a", "b", "c", "x"]);
    expect(result.indexOf("a")).toBeLessThan(result.indexOf("b"));
    expect(result.indexOf("b")).toBeLessThan(result.indexOf("c"));
  });

  it("keeps the declaration order of independent models, and lists a shared base once", () => {
    expect(order({ z: trained("gpt-4.1-mini-2025-04-14"), y: trained("gpt-4.1-mini-2025-04-14") })).toEqual(["z", "y"]);
    const shared = order({
      l: trained({ from: "root" }),
      r: trained({ from: "root" }),
      root: trained("gpt-4.1-mini-2025-04-14"),
    });
    expect(shared).toHaveLength(3);
    expect(shared.indexOf("root")).toBeLessThan(Math.min(shared.indexOf("l"), shared.indexOf("r")));
  });

  it("rejects a cycle of continuous fine-tuning, naming the models key and the chain", () => {
    const message = errorOf({
      account: { name: "dev" },
      models: { a: trained({ from: "b" }), b: trained({ from: "a" }) },
    });
    expect(message).toContain(`${CONFIG_NAMESPACE}:models`);
    expect(message).toMatch(/cycle/);
    expect(message).toMatch(/a -> b -> a/);
  });

  it("rejects a model that continues from itself", () => {
    expect(errorOf({ account: { name: "dev" }, models: { a: trained({ from: "a" }) } })).toMatch(/a -> a/);
  });
});
