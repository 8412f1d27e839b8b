// Stack-config fuzzing at the level of program/config.ts (parseStackConfig, then trainingOrder, as the
// program runs them): every mutated config must parse or fail with a ConfigError whose every line names
// a `foundry-finetune:` key. Anything else (a crash, a TypeError, a message without a key) is a finding.
import { ConfigError, parseStackConfig, trainingOrder } from "../../program/config";
import { between, pick, seeded, type Random } from "../../scripts/chaos/random";

/** The dev stack's config as the program receives it (Pulumi.dev.yaml), plus a second model and optional keys. */
function baseConfig(): Record<string, unknown> {
  return {
    target: "local",
    account: { name: "dev" },
    local: { dataDir: ".foundry-local", port: 0 },
    models: {
      clippy: {
        baseModel: "gpt-4.1-mini-2025-04-14",
        trainingFile: "datasets/clippy/train.jsonl",
        validationFile: "datasets/clippy/valid.jsonl",
        suffix: "clippy",
        seed: 105,
        trainingType: "GlobalStandard",
        method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
        deployment: { name: "clippy", sku: "Standard", capacity: 1, checkpoint: { epoch: 2 } },
        wait: { timeoutMinutes: 30 },
        metadata: { team: "docs" },
      },
      clippy2: { baseModel: { from: "clippy" }, trainingFile: "datasets/clippy/train.jsonl", deployment: { name: "clippy2" } },
    },
  };
}

const VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, "", " ", "auto", "3", "NaN", "Infinity", "-1",
  "x".repeat(300), "../../etc/passwd.jsonl", "/abs/path.jsonl", "C:\\data\\x.jsonl", "datasets/clippy/../../x.jsonl", "datasets/missing.jsonl",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal "${HOME}", which the config must not expand
  "a b", "ünïcödé", "🤖", "\u0000", "${HOME}", "__proto__", [], [1, 2], {}, { from: "clippy" }, { from: "nope" }, { from: "clippy2" }, { epoch: 1 }, { step: 0 },
];
const KEYS = ["__proto__", "constructor", "prototype", "toString", "extra", "Models", "", " ", "a.b", "🤖"];

type Path = (string | number)[];

/** Every path to a value in `value` (objects and arrays), the root included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

function parentOf(root: Record<string, unknown>, path: Path): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key as string];
  }
  return node !== null && typeof node === "object" ? (node as Record<string, unknown>) : undefined;
}

const MUTATIONS: Record<string, (config: Record<string, unknown>, random: Random) => void> = {
  setValue: (config, random) => {
    const path = pick(random, paths(config).filter((p) => p.length > 0));
    const parent = parentOf(config, path);
    if (parent) parent[path.at(-1) as string] = structuredClone(pick(random, VALUES));
  },
  deleteKey: (config, random) => {
    const path = pick(random, paths(config).filter((p) => p.length > 0));
    const parent = parentOf(config, path);
    if (parent) delete parent[path.at(-1) as string];
  },
  addKey: (config, random) => {
    const objects = paths(config).filter((p) => {
      const parent = p.length === 0 ? config : parentOf(config, [...p, "x"]);
      return parent !== undefined && !Array.isArray(parent);
    });
    const path = pick(random, objects);
    const target = path.length === 0 ? config : (parentOf(config, [...path, "x"]) as Record<string, unknown>);
    Object.defineProperty(target, pick(random, KEYS), { value: structuredClone(pick(random, VALUES)), enumerable: true, configurable: true, writable: true });
  },
  renameModel: (config, random) => {
    const models = config.models as Record<string, unknown> | undefined;
    if (!models || typeof models !== "object") return;
    const name = pick(random, Object.keys(models));
    if (!name) return;
    const value = models[name];
    delete models[name];
    models[pick(random, ["1abc", "", "a".repeat(41), "with space", "ok-name", "clippy2", "__proto__"])] = value;
  },
  stringifyNumber: (config, random) => {
    const path = pick(random, paths(config).filter((p) => p.length > 0));
    const parent = parentOf(config, path);
    const key = path.at(-1) as string;
    if (parent && typeof parent[key] === "number") parent[key] = String(parent[key]);
  },
  duplicateDeploymentName: (config) => {
    const models = config.models as Record<string, { deployment?: { name?: string } }> | undefined;
    if (models?.clippy2?.deployment) models.clippy2.deployment.name = "clippy";
  },
  cycle: (config) => {
    const models = config.models as Record<string, { baseModel?: unknown }> | undefined;
    if (models?.clippy) models.clippy.baseModel = { from: "clippy2" };
  },
  wholeSection: (config, random) => {
    config[pick(random, ["account", "models", "local", "target", "prices"])] = structuredClone(pick(random, VALUES));
  },
  manyModels: (config, random) => {
    const models = (config.models !== null && typeof config.models === "object" && !Array.isArray(config.models) ? config.models : {}) as Record<string, unknown>;
    for (let i = 0, n = between(random, 2, 30); i < n; i++) models[`m${i}`] = { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl", deployment: { name: `d${i % 7}x` } };
    config.models = models;
  },
};

type Outcome = "success" | "clear error" | "unclear error" | "crash";

interface ConfigCase {
  seed: number;
  mutations: string[];
  outcome: Outcome;
  detail?: string;
}

export function mutateConfig(seed: number): { mutations: string[]; config: Record<string, unknown> } {
  const random = seeded(seed);
  const config = baseConfig();
  const mutations: string[] = [];
  for (let k = between(random, 1, 4); k > 0; k--) {
    const name = pick(random, Object.keys(MUTATIONS));
    try {
      MUTATIONS[name]!(config, random);
      mutations.push(name);
    } catch {
      // the mutation does not apply to what earlier ones left (e.g. models is now a string)
    }
  }
  return { mutations, config };
}

const KEY_LINE = /^ {2}foundry-finetune:([^:]*): (.+)$/;
/** zod's fallbacks that name no rule: the key is there, but not what is wrong with it. */
const VAGUE = /^(Invalid input|Invalid key in record|Invalid element|Invalid option)$/;

/** Pure: is this ConfigError clear (the stack file first, then one line per problem naming its key)? */
export function clearConfigError(message: string): { clear: boolean; why?: string } {
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(message)) return { clear: false, why: "stack trace in the message" };
  const [head, ...lines] = message.split("\n");
  if (head === undefined) return { clear: false, why: "empty message" };
  // trainingOrder's cycle error names the models key and the chain.
  if (/^foundry-finetune:models: continuous fine-tuning forms a cycle: \S/.test(head) || /^models: continuous fine-tuning forms a cycle: \S/.test(head)) return { clear: true };
  if (!/^Pulumi\.\S+\.yaml: invalid stack config$/.test(head)) return { clear: false, why: `unexpected first line: ${head.slice(0, 200)}` };
  if (lines.length === 0) return { clear: false, why: "no key listed" };
  for (const line of lines) {
    const m = KEY_LINE.exec(line);
    if (!m) return { clear: false, why: `line without a key: ${line.slice(0, 200)}` };
    if (VAGUE.test(m[2]!.trim())) return { clear: false, why: `names the key but no rule: ${m[2]!.trim()}` };
  }
  return { clear: true };
}

function runConfigCase(seed: number): ConfigCase {
  const { mutations, config } = mutateConfig(seed);
  try {
    const parsed = parseStackConfig(JSON.parse(JSON.stringify(config)), "Pulumi.dev.yaml");
    trainingOrder(parsed.models);
    return { seed, mutations, outcome: "success" };
  } catch (error) {
    if (!(error instanceof ConfigError)) return { seed, mutations, outcome: "crash", detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
    const verdict = clearConfigError(error.message);
    return verdict.clear ? { seed, mutations, outcome: "clear error" } : { seed, mutations, outcome: "unclear error", detail: verdict.why! };
  }
}

export interface ConfigFuzzReport {
  cases: number;
  counts: Record<Outcome, number>;
  findings: ConfigCase[];
}

export function fuzzConfigs(options: { cases: number; seed: number }): ConfigFuzzReport {
  const report: ConfigFuzzReport = { cases: options.cases, counts: { success: 0, "clear error": 0, "unclear error": 0, crash: 0 }, findings: [] };
  for (let i = 0; i < options.cases; i++) {
    const result = runConfigCase(options.seed + i);
    report.counts[result.outcome]++;
    if (result.outcome === "crash" || result.outcome === "unclear error") report.findings.push(result);
  }
  return report;
}
