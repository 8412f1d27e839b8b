// Which base models can be fine-tuned, how they tokenize, and what each accepts.
// Facts: [D-DATA] (models and methods) and [D-MODELS] (training example context length), docs/azure-sources.md.

/** The ways a model is fine-tuned; which of them this project trains is the method catalogue (methods.ts). */
export type Method = "supervised" | "dpo" | "reinforcement";

export type Encoding = "o200k_base" | "cl100k_base";

export interface BaseModelInfo {
  /** Canonical name, e.g. gpt-4.1-mini-2025-04-14. */
  name: string;
  encoding: Encoding;
  /** Max tokens per training example; longer examples are truncated. */
  exampleTokenLimit: number;
  methods: Method[];
  /** Accepts image_url content parts in training data. */
  vision: boolean;
}

const MODELS: BaseModelInfo[] = [
  {
    name: "gpt-4o-mini-2024-07-18",
    encoding: "o200k_base",
    exampleTokenLimit: 65_536,
    methods: ["supervised"],
    vision: false,
  },
  {
    name: "gpt-4o-2024-08-06",
    encoding: "o200k_base",
    exampleTokenLimit: 65_536,
    methods: ["supervised", "dpo"],
    vision: true,
  },
  {
    name: "gpt-4.1-2025-04-14",
    encoding: "o200k_base",
    exampleTokenLimit: 65_536,
    methods: ["supervised", "dpo"],
    vision: true,
  },
  {
    name: "gpt-4.1-mini-2025-04-14",
    encoding: "o200k_base",
    exampleTokenLimit: 65_536,
    methods: ["supervised", "dpo"],
    vision: false,
  },
  // The Foundry models table lists DPO for 4.1-nano; the DPO how-to [D-DPO] does not. The table is taken.
  {
    name: "gpt-4.1-nano-2025-04-14",
    encoding: "o200k_base",
    exampleTokenLimit: 32_768,
    methods: ["supervised", "dpo"],
    vision: false,
  },
  {
    name: "o4-mini-2025-04-16",
    encoding: "o200k_base",
    exampleTokenLimit: 65_536,
    methods: ["reinforcement"],
    vision: false,
  },
  {
    name: "gpt-35-turbo-0125",
    encoding: "cl100k_base",
    exampleTokenLimit: 16_385,
    methods: ["supervised"],
    vision: false,
  },
  {
    name: "gpt-35-turbo-1106",
    encoding: "cl100k_base",
    exampleTokenLimit: 16_385,
    methods: ["supervised"],
    vision: false,
  },
];

/**
 * Short names people write in config, mapped to the dated model: the one table of which spellings are one base
 * model. Azure takes a short name and answers with the dated one, so both send the same training and are one
 * training identity (resources/fine-tuning-job/identity.ts). Recorded for gpt-4.1 and gpt-4o-mini [REC-MODEL]; the
 * others follow the dated names of the models table [D-DATA]. As of 2026-12-06.
 */
const ALIASES: Record<string, string> = {
  "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
  "gpt-4o": "gpt-4o-2024-08-06",
  "gpt-4.1": "gpt-4.1-2025-04-14",
  "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
  "o4-mini": "o4-mini-2025-04-16",
  "gpt-3.5-turbo-0125": "gpt-35-turbo-0125",
  "gpt-3.5-turbo-1106": "gpt-35-turbo-1106",
};

const BY_NAME = new Map(MODELS.map((m) => [m.name, m]));

/**
 * The root base model of a name: a fine-tuned model `{base}.ft-{hex}[-suffix]` (continuous fine-tuning,
 * possibly several rounds deep) resolves to `{base}`.
 */
export function rootModelName(model: string): string {
  const i = model.indexOf(".ft-");
  const root = i >= 0 ? model.slice(0, i) : model;
  return ALIASES[root] ?? root;
}

/** The dated name of a short base-model name (gpt-4.1-mini -> gpt-4.1-mini-2025-04-14); other names unchanged. */
export function canonicalModelName(model: string): string {
  return ALIASES[model] ?? model;
}

/** The fine-tunable base model behind a name, or undefined when it cannot be fine-tuned. */
export function resolveBaseModel(model: string): BaseModelInfo | undefined {
  return BY_NAME.get(rootModelName(model));
}

export function fineTunableModels(): readonly BaseModelInfo[] {
  return MODELS;
}

/** Encoding for a name even when it is not fine-tunable (o200k for the 4o/4.1/o families, else cl100k). */
export function encodingFor(model: string): Encoding {
  const known = resolveBaseModel(model);
  if (known) return known.encoding;
  const root = rootModelName(model);
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d)/.test(root) ? "o200k_base" : "cl100k_base";
}
