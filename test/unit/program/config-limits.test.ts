// The stack config's limits, value by value: each bound accepts its last good value and refuses the first bad
// one, naming the key; and the defaults a minimal config gets. (resources-config.test.ts covers the messages.)
import { describe, expect, it } from "vitest";
import { ConfigError, isPromotion, parseStackConfig, type StackConfig } from "../../../program/config";

const TRAIN = "datasets/clippy/train.jsonl";
type Raw = Record<string, unknown>;

const trained = (model: Raw = {}, top: Raw = {}): Raw => ({
  account: { name: "dev" },
  models: { m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: TRAIN, ...model } },
  ...top,
});
const promoted = (model: Raw = {}): Raw => ({
  account: { name: "prod" },
  models: { p: { promoteFrom: { stack: "dev", model: "m" }, deployment: { name: "clippy" }, ...model } },
});

/** The config keys an invalid config names, e.g. ["models.m.seed"]; [] when it parses. */
function badKeys(raw: Raw): string[] {
  try {
    parseStackConfig(raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message
      .split("\n")
      .slice(1)
      .map(
        (line) =>
          line
            .trim()
            .replace(/^foundry-finetune:/, "")
            .split(": ")[0]!,
      );
  }
}

const hp = (hyperparameters: Raw, type = "supervised") => ({ method: { type, hyperparameters } });
const dep = (deployment: Raw) => ({ deployment: { name: "clippy", ...deployment } });

describe("limits of a trained model", () => {
  const cases: [string, Raw, Raw, string][] = [
    // [what, last good value, first bad value, key]
    ["n_epochs max", hp({ n_epochs: 50 }), hp({ n_epochs: 51 }), "models.m.method.hyperparameters.n_epochs"],
    ["n_epochs min", hp({ n_epochs: 1 }), hp({ n_epochs: 0 }), "models.m.method.hyperparameters.n_epochs"],
    ["n_epochs integer", hp({ n_epochs: "auto" }), hp({ n_epochs: 2.5 }), "models.m.method.hyperparameters.n_epochs"],
    ["batch_size max", hp({ batch_size: 256 }), hp({ batch_size: 257 }), "models.m.method.hyperparameters.batch_size"],
    ["batch_size min", hp({ batch_size: 1 }), hp({ batch_size: 0 }), "models.m.method.hyperparameters.batch_size"],
    [
      "batch_size integer",
      hp({ batch_size: "auto" }),
      hp({ batch_size: 1.5 }),
      "models.m.method.hyperparameters.batch_size",
    ],
    [
      "learning rate positive",
      hp({ learning_rate_multiplier: 0.01 }),
      hp({ learning_rate_multiplier: 0 }),
      "models.m.method.hyperparameters.learning_rate_multiplier",
    ],
    [
      "learning rate auto",
      hp({ learning_rate_multiplier: "auto" }),
      hp({ learning_rate_multiplier: "fast" }),
      "models.m.method.hyperparameters.learning_rate_multiplier",
    ],
    ["beta positive", hp({ beta: 0.1 }, "dpo"), hp({ beta: 0 }, "dpo"), "models.m.method.hyperparameters.beta"],
    [
      "l2 non-negative",
      hp({ l2_multiplier: 0 }, "dpo"),
      hp({ l2_multiplier: -0.1 }, "dpo"),
      "models.m.method.hyperparameters.l2_multiplier",
    ],
    [
      "l2 auto",
      hp({ l2_multiplier: "auto" }, "dpo"),
      hp({ l2_multiplier: "none" }, "dpo"),
      "models.m.method.hyperparameters.l2_multiplier",
    ],
    ["method type", hp({}, "dpo"), hp({}, "reinforcement"), "models.m.method.type"],
    ["method keys", { method: { type: "dpo" } }, { method: { type: "dpo", beta: 0.1 } }, "models.m.method"],
    ["suffix 40 characters", { suffix: "a_-Z9".repeat(8) }, { suffix: "a".repeat(41) }, "models.m.suffix"],
    ["suffix not empty", { suffix: "a" }, { suffix: "" }, "models.m.suffix"],
    ["suffix characters", { suffix: "a-b_c" }, { suffix: "a.b" }, "models.m.suffix"],
    ["seed max", { seed: 2_147_483_647 }, { seed: 2_147_483_648 }, "models.m.seed"],
    ["seed min", { seed: 0 }, { seed: -1 }, "models.m.seed"],
    ["seed integer", { seed: 7 }, { seed: 7.5 }, "models.m.seed"],
    ["training type", { trainingType: "Standard" }, { trainingType: "Premium" }, "models.m.trainingType"],
    [
      "metadata key length",
      { metadata: { ["k".repeat(64)]: "v" } },
      { metadata: { ["k".repeat(65)]: "v" } },
      `models.m.metadata.${"k".repeat(65)}`,
    ],
    [
      "metadata value length",
      { metadata: { k: "v".repeat(512) } },
      { metadata: { k: "v".repeat(513) } },
      "models.m.metadata.k",
    ],
    [
      "wait timeout max",
      { wait: { timeoutMinutes: 720 * 60 } },
      { wait: { timeoutMinutes: 720 * 60 + 1 } },
      "models.m.wait.timeoutMinutes",
    ],
    [
      "wait timeout positive",
      { wait: { timeoutMinutes: 0.5 } },
      { wait: { timeoutMinutes: 0 } },
      "models.m.wait.timeoutMinutes",
    ],
    ["wait keys", { wait: false }, { wait: { timeoutMinutes: 5, poll: 1 } }, "models.m.wait"],
    [
      "deleteModelOnDestroy",
      { deleteModelOnDestroy: true },
      { deleteModelOnDestroy: "yes" },
      "models.m.deleteModelOnDestroy",
    ],
    ["adoptJobId", { adoptJobId: "ftjob-abc123" }, { adoptJobId: "ftjob-ABC" }, "models.m.adoptJobId"],
    ["adoptJobId anchored", { adoptJobId: "ftjob-a" }, { adoptJobId: "x-ftjob-a" }, "models.m.adoptJobId"],
    ["baseModel not empty", { baseModel: "x" }, { baseModel: "" }, "models.m.baseModel"],
    ["baseModel from not empty", {}, { baseModel: { from: "" } }, "models.m.baseModel.from"],
    ["baseModel from keys", {}, { baseModel: { from: "m", stack: "dev" } }, "models.m.baseModel"],
    ["training file required", {}, { trainingFile: undefined }, "models.m.trainingFile"],
    [
      "validation file inside",
      { validationFile: "datasets/v.jsonl" },
      { validationFile: "datasets/../../v.jsonl" },
      "models.m.validationFile",
    ],
    [
      "data path with backslash ..",
      { trainingFile: "datasets\\a..b.jsonl" },
      { trainingFile: "datasets\\..\\x.jsonl" },
      "models.m.trainingFile",
    ],
    [
      "data path .jsonl at the end",
      { trainingFile: "a.jsonl" },
      { trainingFile: "a.jsonl.bak" },
      "models.m.trainingFile",
    ],
    [
      "evaluation maxTokens max",
      { evaluation: { file: "e.jsonl", maxTokens: 4096 } },
      { evaluation: { file: "e.jsonl", maxTokens: 4097 } },
      "models.m.evaluation.maxTokens",
    ],
    [
      "evaluation maxTokens min",
      { evaluation: { file: "e.jsonl", maxTokens: 1 } },
      { evaluation: { file: "e.jsonl", maxTokens: 0 } },
      "models.m.evaluation.maxTokens",
    ],
    [
      "evaluation file",
      { evaluation: { file: "e.jsonl" } },
      { evaluation: { file: "/e.jsonl" } },
      "models.m.evaluation.file",
    ],
    [
      "evaluation keys",
      { evaluation: { file: "e.jsonl" } },
      { evaluation: { file: "e.jsonl", n: 3 } },
      "models.m.evaluation",
    ],
    [
      "deployment name 51 characters",
      dep({ name: "a" + "b".repeat(50) }),
      dep({ name: "a" + "b".repeat(51) }),
      "models.m.deployment.name",
    ],
    ["deployment name 2 characters", dep({ name: "ab" }), dep({ name: "a" }), "models.m.deployment.name"],
    ["deployment name first character", dep({ name: "9a._-" }), dep({ name: "-ab" }), "models.m.deployment.name"],
    ["deployment name characters", dep({ name: "a.b_c-d" }), dep({ name: "a b" }), "models.m.deployment.name"],
    ["capacity max", dep({ capacity: 10_000 }), dep({ capacity: 10_001 }), "models.m.deployment.capacity"],
    ["capacity min", dep({ capacity: 1 }), dep({ capacity: 0 }), "models.m.deployment.capacity"],
    ["capacity integer", dep({ capacity: 2 }), dep({ capacity: 1.5 }), "models.m.deployment.capacity"],
    ["sku", dep({ sku: "DeveloperTier" }), dep({ sku: "Developer" }), "models.m.deployment.sku"],
    [
      "rai policy not empty",
      dep({ raiPolicyName: "p" }),
      dep({ raiPolicyName: "" }),
      "models.m.deployment.raiPolicyName",
    ],
    [
      "upgrade option",
      dep({ versionUpgradeOption: "OnceCurrentVersionExpired" }),
      dep({ versionUpgradeOption: "Always" }),
      "models.m.deployment.versionUpgradeOption",
    ],
    [
      "upgrade option new default",
      dep({ versionUpgradeOption: "OnceNewDefaultVersionAvailable" }),
      dep({ versionUpgradeOption: "Never" }),
      "models.m.deployment.versionUpgradeOption",
    ],
    [
      "checkpoint step",
      dep({ checkpoint: { step: 1 } }),
      dep({ checkpoint: { step: 0 } }),
      "models.m.deployment.checkpoint.step",
    ],
    [
      "checkpoint step integer",
      dep({ checkpoint: { step: 2 } }),
      dep({ checkpoint: { step: 2.5 } }),
      "models.m.deployment.checkpoint",
    ],
    [
      "checkpoint epoch integer",
      dep({ checkpoint: { epoch: 2 } }),
      dep({ checkpoint: { epoch: 1.5 } }),
      "models.m.deployment.checkpoint",
    ],
    [
      "checkpoint id",
      dep({ checkpoint: { id: "ftchkpt-abc1" } }),
      dep({ checkpoint: { id: "ftchkpt-ABC" } }),
      "models.m.deployment.checkpoint.id",
    ],
    [
      "checkpoint id anchored",
      dep({ checkpoint: { id: "ftchkpt-a" } }),
      dep({ checkpoint: { id: "ftchkpt-a/b" } }),
      "models.m.deployment.checkpoint.id",
    ],
    [
      "checkpoint one selector",
      dep({ checkpoint: { epoch: 1 } }),
      dep({ checkpoint: { epoch: 1, step: 1 } }),
      "models.m.deployment.checkpoint",
    ],
    ["deployment keys", dep({}), dep({ region: "eu" }), "models.m.deployment"],
  ];
  for (const [what, good, bad, key] of cases) {
    it(`${what}: accepts the last good value and refuses the first bad one, naming ${key}`, () => {
      expect(badKeys(trained(good))).toEqual([]);
      expect(badKeys(trained(bad))).toEqual([key]);
    });
  }
});

describe("limits of the top level and of a promotion", () => {
  const top: [string, Raw, Raw, string][] = [
    [
      "account name 63 characters",
      { account: { name: "a" + "b".repeat(62) } },
      { account: { name: "a" + "b".repeat(63) } },
      "account.name",
    ],
    ["account name 2 characters", { account: { name: "a1" } }, { account: { name: "a" } }, "account.name"],
    ["account name characters", { account: { name: "9-a" } }, { account: { name: "a_b" } }, "account.name"],
    [
      "account keys",
      { account: { name: "dev", resourceGroup: "rg" } },
      { account: { name: "dev", region: "eu" } },
      "account",
    ],
    [
      "subscription not empty",
      { account: { name: "dev", subscriptionId: "s" } },
      { account: { name: "dev", subscriptionId: "" } },
      "account.subscriptionId",
    ],
    [
      "resource group not empty",
      { account: { name: "dev", resourceGroup: "r" } },
      { account: { name: "dev", resourceGroup: "" } },
      "account.resourceGroup",
    ],
    [
      "endpoint is a URL",
      { account: { name: "dev", endpoint: "https://x.openai.azure.com" } },
      { account: { name: "dev", endpoint: "x.openai.azure.com" } },
      "account.endpoint",
    ],
    ["local port max", { local: { port: 65535 } }, { local: { port: 65536 } }, "local.port"],
    ["local port min", { local: { port: 0 } }, { local: { port: -1 } }, "local.port"],
    ["local keys", { local: { dataDir: "d" } }, { local: { dataDir: "d", host: "0.0.0.0" } }, "local"],
    [
      "target",
      { target: "azure", account: { name: "dev", subscriptionId: "s", resourceGroup: "r" } },
      { target: "aws" },
      "target",
    ],
    [
      "price training non-negative",
      { prices: { x: { trainingPerMillion: 0 } } },
      { prices: { x: { trainingPerMillion: -1 } } },
      "prices.x.trainingPerMillion",
    ],
    [
      "price hosting non-negative",
      { prices: { x: { trainingPerMillion: 1, hostingPerHour: 0 } } },
      { prices: { x: { trainingPerMillion: 1, hostingPerHour: -1 } } },
      "prices.x.hostingPerHour",
    ],
    [
      "price keys",
      { prices: { x: { trainingPerMillion: 1 } } },
      { prices: { x: { trainingPerMillion: 1, currency: "EUR" } } },
      "prices.x",
    ],
    ["top-level keys", { apiVersion: "2025-04-01-preview", armApiVersion: "2024-10-01" }, { region: "eu" }, ""],
  ];
  for (const [what, good, bad, key] of top) {
    it(`${what}: names ${key || "the top level"}`, () => {
      expect(badKeys(trained({}, good))).toEqual([]);
      expect(badKeys(trained({}, bad))).toEqual([key]);
    });
  }

  it("an empty data path breaks both of its rules, each on its own line", () => {
    expect(badKeys(trained({ trainingFile: "" }))).toEqual(["models.m.trainingFile", "models.m.trainingFile"]);
  });

  it("model names: start with a letter, 1-40 letters, digits, '_' or '-'", () => {
    const named = (name: string) => ({
      account: { name: "dev" },
      models: { [name]: { baseModel: "b", trainingFile: TRAIN } },
    });
    expect(badKeys(named("a"))).toEqual([]);
    expect(badKeys(named("a" + "_-9".repeat(13)))).toEqual([]);
    expect(badKeys(named("a" + "b".repeat(40)))).toEqual([`models.a${"b".repeat(40)}`]);
    expect(badKeys(named("9a"))).toEqual(["models.9a"]);
    expect(badKeys(named("a.b"))).toEqual(["models.a.b"]);
  });

  const promotion: [string, Raw, Raw, string][] = [
    [
      "gate max loss positive",
      { gates: { maxValidLoss: 0.1 } },
      { gates: { maxValidLoss: 0 } },
      "models.p.gates.maxValidLoss",
    ],
    [
      "gate accuracy max",
      { gates: { minValidTokenAccuracy: 1 } },
      { gates: { minValidTokenAccuracy: 1.01 } },
      "models.p.gates.minValidTokenAccuracy",
    ],
    [
      "gate accuracy min",
      { gates: { minValidTokenAccuracy: 0 } },
      { gates: { minValidTokenAccuracy: -0.01 } },
      "models.p.gates.minValidTokenAccuracy",
    ],
    [
      "gate tokens min",
      { gates: { minTrainedTokens: 0 } },
      { gates: { minTrainedTokens: -1 } },
      "models.p.gates.minTrainedTokens",
    ],
    [
      "gate tokens integer",
      { gates: { minTrainedTokens: 10 } },
      { gates: { minTrainedTokens: 10.5 } },
      "models.p.gates.minTrainedTokens",
    ],
    [
      "gate exact match max",
      { gates: { minEvalExactMatch: 1 } },
      { gates: { minEvalExactMatch: 1.5 } },
      "models.p.gates.minEvalExactMatch",
    ],
    [
      "gate exact match min",
      { gates: { minEvalExactMatch: 0 } },
      { gates: { minEvalExactMatch: -1 } },
      "models.p.gates.minEvalExactMatch",
    ],
    [
      "gate overlap max",
      { gates: { minEvalTokenOverlap: 1 } },
      { gates: { minEvalTokenOverlap: 2 } },
      "models.p.gates.minEvalTokenOverlap",
    ],
    [
      "gate overlap min",
      { gates: { minEvalTokenOverlap: 0 } },
      { gates: { minEvalTokenOverlap: -0.5 } },
      "models.p.gates.minEvalTokenOverlap",
    ],
    ["gate keys", { gates: {} }, { gates: { maxLoss: 1 } }, "models.p.gates"],
    [
      "source stack not empty",
      { promoteFrom: { stack: "d", model: "m" } },
      { promoteFrom: { stack: "", model: "m" } },
      "models.p.promoteFrom.stack",
    ],
    [
      "source model not empty",
      { promoteFrom: { stack: "d", model: "m" } },
      { promoteFrom: { stack: "d", model: "" } },
      "models.p.promoteFrom.model",
    ],
    [
      "source keys",
      { promoteFrom: { stack: "d", model: "m" } },
      { promoteFrom: { stack: "d", model: "m", org: "o" } },
      "models.p.promoteFrom",
    ],
    ["deployment required", { deployment: { name: "ab" } }, { deployment: undefined }, "models.p.deployment"],
    ["evaluation", { evaluation: { file: "e.jsonl" } }, { evaluation: { file: "e.txt" } }, "models.p.evaluation.file"],
  ];
  for (const [what, good, bad, key] of promotion) {
    it(`promotion ${what}: names ${key}`, () => {
      expect(badKeys(promoted(good))).toEqual([]);
      expect(badKeys(promoted(bad))).toEqual([key]);
    });
  }
});

describe("defaults", () => {
  it("fills every default of a minimal trained model and of the top level", () => {
    const parsed: StackConfig = parseStackConfig(trained(dep({})));
    expect(parsed).toEqual({
      target: "local",
      account: { name: "dev", subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "local" },
      dataPlane: "dated",
      local: { dataDir: ".foundry-local", port: 0 },
      models: {
        m: {
          baseModel: "gpt-4.1-mini-2025-04-14",
          trainingFile: TRAIN,
          trainingType: "GlobalStandard",
          trainingTypeDefaulted: true,
          method: { type: "supervised", hyperparameters: {} },
          wait: true,
          deleteModelOnDestroy: false,
          deployment: { name: "clippy", sku: "Standard", capacity: 1, versionUpgradeOption: "NoAutoUpgrade" },
          quality: { maxValidLossRise: 0.1, maxTrainValidGap: 1, lossSpikeFactor: 3 },
        },
      },
      promotions: {},
    });
  });

  it("fills the data directory when only the port is given, and the port when only the directory is", () => {
    expect(parseStackConfig(trained({}, { local: { port: 8443 } })).local).toEqual({
      dataDir: ".foundry-local",
      port: 8443,
    });
    expect(parseStackConfig(trained({}, { local: { dataDir: "d" } })).local).toEqual({ dataDir: "d", port: 0 });
  });

  it("gives a method without hyperparameters an empty set (all auto), and a promotion no gates and the evaluation's maxTokens", () => {
    expect(parseStackConfig(trained({ method: { type: "dpo" } })).models.m!.method).toEqual({
      type: "dpo",
      hyperparameters: {},
    });
    const p = parseStackConfig(promoted({ evaluation: { file: "e.jsonl" } })).promotions.p!;
    expect(p.gates).toEqual({});
    expect(p.evaluation).toEqual({ file: "e.jsonl", maxTokens: 200 });
  });

  it("reads a training type or sku in any case, and a training type with a Tier suffix", () => {
    const types = ["standard", "GLOBALSTANDARD", "developer", "DeveloperTier", "StandardTier"].map(
      (t) => parseStackConfig(trained({ trainingType: t })).models.m!.trainingType,
    );
    expect(types).toEqual(["Standard", "GlobalStandard", "Developer", "Developer", "Standard"]);
    const skus = ["standard", "GLOBALSTANDARD", "developertier"].map(
      (sku) => parseStackConfig(trained(dep({ sku }))).models.m!.deployment!.sku,
    );
    expect(skus).toEqual(["Standard", "GlobalStandard", "DeveloperTier"]);
    expect(badKeys(trained({ trainingType: "Tierstandard" }))).toEqual(["models.m.trainingType"]);
  });

  it("parses an empty config's models as none, and tells a promotion by its promoteFrom key", () => {
    expect(parseStackConfig({ account: { name: "dev" } })).toMatchObject({ models: {}, promotions: {} });
    expect(isPromotion({ promoteFrom: undefined })).toBe(true);
    expect(isPromotion({ baseModel: "x" })).toBe(false);
  });
});

describe("what the error says", () => {
  it("names the stack file given, or a placeholder", () => {
    expect(() => parseStackConfig(trained({ seed: -1 }), "Pulumi.qa.yaml")).toThrow(
      /^Pulumi\.qa\.yaml: invalid stack config\n {2}foundry-finetune:models\.m\.seed: /,
    );
    expect(() => parseStackConfig(trained({ seed: -1 }))).toThrow(/^Pulumi\.<stack>\.yaml: invalid stack config\n/);
  });

  it("states each rule a union value broke, once when the branches agree", () => {
    const message = (raw: Raw) => {
      try {
        parseStackConfig(raw);
      } catch (error) {
        return (error as Error).message.split("\n")[1]!;
      }
      return "";
    };
    expect(message(trained({ wait: "yes" }))).toBe(
      "  foundry-finetune:models.m.wait: must match one of: (Invalid input: expected boolean, received string) or (Invalid input: expected object, received string)",
    );
    const allowed =
      'must be "best" or an object ({ best: <metric> }, { epoch: N }, { step: N } or { id: ftchkpt-... })';
    expect(message(trained(dep({ checkpoint: "x" })))).toBe(
      `  foundry-finetune:models.m.deployment.checkpoint: must match one of: (${allowed}) or (Invalid input: expected object, received string)`,
    );
    expect(message(trained(dep({ checkpoint: { step: 2.5 } })))).toContain(
      "(Invalid input: expected int, received number)",
    );
    expect(message(trained(dep({ checkpoint: { step: 2.5 } })))).toContain(allowed);
    expect(message({ account: { name: "dev" }, models: { "9lives": {} } })).toBe(
      `  foundry-finetune:models.9lives: key "9lives": model names start with a letter and are 1-40 letters, digits, '_' or '-'`,
    );
  });

  it("says which models exist when a model continues from one that does not, or none", () => {
    const lines = (raw: Raw) => {
      try {
        parseStackConfig(raw);
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    };
    expect(lines(trained({ baseModel: { from: "nope" } }))).toContain(
      "models.m.baseModel.from: names no model this stack trains (have: m)",
    );
    const two = {
      account: { name: "dev" },
      models: { a: { baseModel: { from: "x" }, trainingFile: TRAIN }, b: { baseModel: "g", trainingFile: TRAIN } },
    };
    expect(lines(two)).toContain("(have: a, b)");
  });

  it("does not run cross-checks on a config that already failed (no deployment name is reported twice over a typo)", () => {
    const raw = {
      account: { name: "dev" },
      models: {
        a: { baseModel: "g", trainingFile: TRAIN, deployment: { name: "x1" } },
        b: { baseModel: "g", trainingFile: TRAIN, deployment: { name: "x1" }, seed: -1 },
      },
    };
    expect(badKeys(raw)).toEqual(["models.b.seed"]);
  });

  it("refuses a deployment name used twice, naming it, but allows two models without a deployment", () => {
    const both = (a: Raw, b: Raw) => ({
      account: { name: "dev" },
      models: { a: { baseModel: "g", trainingFile: TRAIN, ...a }, b: { baseModel: "g", trainingFile: TRAIN, ...b } },
    });
    expect(badKeys(both({}, {}))).toEqual([]);
    expect(badKeys(both(dep({ name: "x1" }), dep({ name: "x2" })))).toEqual([]);
    expect(() => parseStackConfig(both(dep({ name: "x1" }), dep({ name: "x1" })))).toThrow(
      'foundry-finetune:models: deployment name "x1" is used twice',
    );
  });
});
