// The catalogue of config and data edits whose previews are checked against what `up` does. They run in this
// order on one dev stack (the shipped Pulumi.dev.yaml) and one prod stack promoting from it (Pulumi.prod.yaml),
// each starting from what the previous one left, so training happens only where an edit retrains.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Stack config as in Pulumi.<stack>.yaml, without the `foundry-finetune:` prefix. */
// biome-ignore lint/suspicious/noExplicitAny: the edits write any key of the YAML config, as a user editing the file would
export type StackConfig = { models: Record<string, Record<string, any>> } & Record<string, any>;

export interface EditContext {
  dev: StackConfig;
  prod: StackConfig;
  /** The configs as shipped, untouched by the edits. */
  shipped: { dev: StackConfig; prod: StackConfig };
  /** Rewrites one line of a data file of the stacks' project (relative path), so its bytes change. */
  editLine(file: string, line: number): void;
}

export interface Edit {
  name: string;
  /** The stacks previewed and updated after the edit, in order. */
  stacks: Array<"dev" | "prod">;
  apply(context: EditContext): void;
}

/** Appends a word to the last assistant answer of one line of a JSONL file. */
export function editJsonlLine(workDir: string, file: string, line: number): void {
  const full = path.join(workDir, file);
  const lines = readFileSync(full, "utf8").split("\n");
  const edited = lines[line]!.replace(/"content":"([^"]*)"\}\]\}\s*$/, '"content":"$1 Edited."}]}');
  if (edited === lines[line]) throw new Error(`${file}:${line + 1}: no final assistant answer to edit`);
  lines[line] = edited;
  writeFileSync(full, lines.join("\n"));
}

const clippy = (c: EditContext) => c.dev.models.clippy!;

export const EDITS: readonly Edit[] = [
  { name: "capacity 1 -> 2", stacks: ["dev"], apply: (c) => void (clippy(c).deployment.capacity = 2) },
  {
    name: "sku Standard -> GlobalStandard",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).deployment.sku = "GlobalStandard"),
  },
  {
    name: "RAI policy set",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).deployment.raiPolicyName = "Microsoft.Default"),
  },
  {
    name: "upgrade option",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).deployment.versionUpgradeOption = "OnceCurrentVersionExpired"),
  },
  {
    name: "metadata (tags of a finished job)",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).metadata = { team: "docs" }),
  },
  {
    name: "wait policy (of a finished job)",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).wait = { timeoutMinutes: 90 }),
  },
  {
    name: "deleteModelOnDestroy on (finished job)",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).deleteModelOnDestroy = true),
  },
  {
    name: "quality thresholds (finished job)",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).quality = { maxValidLossRise: 0.5, maxTrainValidGap: 5 }),
  },
  {
    name: "promotion gate, still passing",
    stacks: ["prod"],
    apply: (c) => void (c.prod.models.clippy!.gates = { ...c.prod.models.clippy!.gates, minTrainedTokens: 500 }),
  },
  {
    name: "promotion gate that blocks",
    stacks: ["prod"],
    apply: (c) => void (c.prod.models.clippy!.gates = { ...c.prod.models.clippy!.gates, maxValidLoss: 0.001 }),
  },
  {
    name: "checkpoint selector { epoch: 2 }",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).deployment.checkpoint = { epoch: 2 }),
  },
  { name: "evaluation file, one line", stacks: ["dev"], apply: (c) => c.editLine("datasets/clippy/eval.jsonl", 1) },
  {
    name: "hyperparameter learning_rate_multiplier 1 -> 2",
    stacks: ["dev"],
    apply: (c) => void (clippy(c).method.hyperparameters.learning_rate_multiplier = 2),
  },
  { name: "training data, one line", stacks: ["dev"], apply: (c) => c.editLine("datasets/clippy/train.jsonl", 1) },
  { name: "validation file, one line", stacks: ["dev"], apply: (c) => c.editLine("datasets/clippy/valid.jsonl", 1) },
  {
    name: "adding a model (DPO on clippy)",
    stacks: ["dev"],
    apply: (c) =>
      void (c.dev.models.polished = {
        baseModel: { from: "clippy" },
        trainingFile: "datasets/clippy/preferences.jsonl",
        method: { type: "dpo", hyperparameters: { n_epochs: 1, batch_size: 2, beta: 0.1 } },
        deployment: { name: "polished" },
      }),
  },
  { name: "removing a model", stacks: ["dev"], apply: (c) => void delete c.dev.models.polished },
  {
    name: "promoted model's source retrains (gate passing again)",
    stacks: ["dev", "prod"],
    apply: (c) => {
      clippy(c).seed = 43;
      c.prod.models.clippy!.gates = { ...c.shipped.prod.models.clippy!.gates, minTrainedTokens: 500 };
    },
  },
];
