// Stack-config fuzzing at the level of program/config.ts (parseStackConfig, then trainingOrder, as the
// program runs them): every config mutated by fast-check must parse or fail with a ConfigError whose every line
// names a `foundry-finetune:` key and its rule. Anything else (a crash, a TypeError, a vague line) is a finding.
import fc from "fast-check";
import { ConfigError, parseStackConfig, trainingOrder } from "../../program/config";
import { type FuzzOptions, type FuzzReport, fuzz, type Verdict } from "./fuzz-report";
import { args, fixed, nth, type Step, step } from "./step";

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
      clippy2: {
        baseModel: { from: "clippy" },
        trainingFile: "datasets/clippy/train.jsonl",
        deployment: { name: "clippy2" },
      },
    },
  };
}

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -0,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  " ",
  "auto",
  "3",
  "NaN",
  "Infinity",
  "-1",
  "x".repeat(300),
  "../../etc/passwd.jsonl",
  "/abs/path.jsonl",
  "C:\\data\\x.jsonl",
  "datasets/clippy/../../x.jsonl",
  "datasets/missing.jsonl",
  "a b",
  "ünïcödé",
  "🤖",
  "\u0000",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${HOME} in config must stay text, never be expanded
  "${HOME}",
  "__proto__",
  [],
  [1, 2],
  {},
  { from: "clippy" },
  { from: "nope" },
  { from: "clippy2" },
  { epoch: 1 },
  { step: 0 },
];
const KEYS = ["__proto__", "constructor", "prototype", "toString", "extra", "Models", "", " ", "a.b", "🤖"];

type Config = Record<string, unknown>;
type Path = (string | number)[];

/** Every path to a value in `value` (objects and arrays), the root included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

/** The object at `path`, if there still is one (earlier steps may have replaced or deleted it). */
function objectAt(root: Config, path: Path): Config | undefined {
  let node: unknown = root;
  for (const key of path)
    node = node !== null && typeof node === "object" ? (node as Config)[key as string] : undefined;
  return node !== null && typeof node === "object" ? (node as Config) : undefined;
}

// Paths are drawn from the base config, so a counterexample names them; a step whose path is gone does nothing.
const BASE_PATHS = paths(baseConfig());
const leaf = fc.constantFrom(...BASE_PATHS.filter((p) => p.length > 0));
const object = fc.constantFrom(...BASE_PATHS.filter((p) => objectAt(baseConfig(), p) !== undefined));
const value = fc.constantFrom(...VALUES);

/** Sets the value at `path` from the old one, if its parent is still an object. */
const setAt = (config: Config, path: Path, value: (old: unknown) => unknown) => {
  const parent = objectAt(config, path.slice(0, -1));
  if (parent) parent[path.at(-1) as string] = value(parent[path.at(-1) as string]);
  return config;
};
const models = (config: Config) =>
  config.models !== null && typeof config.models === "object" && !Array.isArray(config.models)
    ? (config.models as Config)
    : undefined;

const MUTATIONS = [
  step("setValue", args({ path: leaf, value }), (c: Config, p) => setAt(c, p.path, () => structuredClone(p.value))),
  step("stringifyNumber", leaf, (c: Config, path) =>
    setAt(c, path, (old) => (typeof old === "number" ? String(old) : old)),
  ),
  step("deleteKey", leaf, (c: Config, path) => {
    const parent = objectAt(c, path.slice(0, -1));
    if (parent) delete parent[path.at(-1) as string];
    return c;
  }),
  step("addKey", args({ path: object, key: fc.constantFrom(...KEYS), value }), (c: Config, p) => {
    // defineProperty, so "__proto__" becomes an own key as YAML would make it
    const target = objectAt(c, p.path);
    if (target)
      Object.defineProperty(target, p.key, {
        value: structuredClone(p.value),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return c;
  }),
  step(
    "renameModel",
    args({
      model: fc.nat({ max: 99 }),
      name: fc.constantFrom("1abc", "", "a".repeat(41), "with space", "ok-name", "clippy2", "__proto__"),
    }),
    (c: Config, p) => {
      const all = models(c);
      const name = all && nth(Object.keys(all), p.model);
      if (all && name !== undefined) {
        const model = all[name];
        delete all[name];
        all[p.name] = model;
      }
      return c;
    },
  ),
  fixed("duplicateDeploymentName", (c: Config) =>
    setAt(c, ["models", "clippy2", "deployment", "name"], () => "clippy"),
  ),
  fixed("cycle", (c: Config) => setAt(c, ["models", "clippy", "baseModel"], () => ({ from: "clippy2" }))),
  step(
    "wholeSection",
    args({ section: fc.constantFrom("account", "models", "local", "target", "prices"), value }),
    (c: Config, p) => ({
      ...c,
      [p.section]: structuredClone(p.value),
    }),
  ),
  step("manyModels", fc.integer({ min: 2, max: 30 }), (c: Config, n) => {
    const all = models(c) ?? {};
    for (let i = 0; i < n; i++)
      all[`m${i}`] = {
        baseModel: "gpt-4.1-mini-2025-04-14",
        trainingFile: "datasets/clippy/train.jsonl",
        deployment: { name: `d${i % 7}x` },
      };
    return { ...c, models: all };
  }),
];

/** One to four mutations of the base config (minLength 0 then a filter: with minLength 1 fast-check cannot drop the last step). */
const configSteps = fc.array(fc.oneof(...MUTATIONS), { maxLength: 4 }).filter((steps) => steps.length > 0);

const KEY_LINE = /^ {2}foundry-finetune:([^:]*): (.+)$/;
/** zod's fallbacks that name no rule: the key is there, but not what is wrong with it. */
const VAGUE = /^(Invalid input|Invalid key in record|Invalid element|Invalid option)$/;

/** Pure: is this ConfigError clear (the stack file first, then one line per problem naming its key)? */
export function clearConfigError(message: string): { clear: boolean; why?: string } {
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(message)) return { clear: false, why: "stack trace in the message" };
  const [head, ...lines] = message.split("\n");
  if (head === undefined) return { clear: false, why: "empty message" };
  // trainingOrder's cycle error names the models key and the chain.
  if (
    /^foundry-finetune:models: continuous fine-tuning forms a cycle: \S/.test(head) ||
    /^models: continuous fine-tuning forms a cycle: \S/.test(head)
  )
    return { clear: true };
  if (!/^Pulumi\.\S+\.yaml: invalid stack config$/.test(head))
    return { clear: false, why: `unexpected first line: ${head.slice(0, 200)}` };
  if (lines.length === 0) return { clear: false, why: "no key listed" };
  for (const line of lines) {
    const m = KEY_LINE.exec(line);
    if (!m) return { clear: false, why: `line without a key: ${line.slice(0, 200)}` };
    if (VAGUE.test(m[2]!.trim())) return { clear: false, why: `names the key but no rule: ${m[2]!.trim()}` };
  }
  return { clear: true };
}

function checkConfig(steps: Step<Config>[]): Verdict {
  const config = steps.reduce((c, s) => s.apply(c), baseConfig());
  try {
    // through JSON, as Pulumi hands the program its config
    trainingOrder(parseStackConfig(JSON.parse(JSON.stringify(config)), "Pulumi.dev.yaml").models);
    return { outcome: "success" };
  } catch (error) {
    if (!(error instanceof ConfigError))
      return { outcome: "crash", detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
    const verdict = clearConfigError(error.message);
    return { outcome: verdict.clear ? "clear error" : "unclear error", detail: verdict.why };
  }
}

export const fuzzConfigs = (options: FuzzOptions): FuzzReport => fuzz(configSteps, checkConfig, options);
