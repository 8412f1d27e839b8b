// Runs the catalogue of edits (./edits.ts) through the real Pulumi CLI against a real local Foundry service:
// for each edit, `pulumi preview --json`, then `pulumi up`, and compares what each says (./compare.ts).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import yaml from "js-yaml";
import { projectRoot } from "../pulumi/harness";
import { createProjectStack, type ProjectStack } from "../pulumi/project";
import {
  type CatalogueRow,
  catalogueRow,
  type PreviewStep,
  previewOps,
  type StateResource,
  unknownsKeptByUp,
  upOps,
} from "./compare";
import { EDITS, type EditContext, editJsonlLine, type StackConfig } from "./edits";

/** A shipped stack file's `foundry-finetune:` config, without the prefix and without the local data dir. */
export function shippedConfig(stack: "dev" | "prod"): StackConfig {
  const file = yaml.load(readFileSync(path.join(projectRoot, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  const entries = Object.entries(file.config).map(([key, value]) => [key.replace(/^foundry-finetune:/, ""), value]);
  return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as StackConfig;
}

/** The shipped dev stack with a DPO model continued from clippy that deploys a checkpoint: every kind of resource. */
export function shippedDevWithDpoModel(): StackConfig {
  const dev = shippedConfig("dev");
  dev.models.polished = {
    baseModel: { from: "clippy" },
    trainingFile: "datasets/clippy/preferences.jsonl",
    method: { type: "dpo", hyperparameters: { n_epochs: 2, batch_size: 2, beta: 0.1 } },
    deployment: { name: "polished", checkpoint: { epoch: 1 } },
  };
  return dev;
}

/** `pulumi preview --json` of one stack: its steps, or undefined when the preview failed. */
export async function previewJson(t: ProjectStack, stackName: string): Promise<PreviewStep[] | undefined> {
  // Asynchronously: the local service answers in this very process, and a synchronous spawn would starve it.
  const child = spawn("pulumi", ["preview", "--json", "--non-interactive", "--stack", stackName], {
    cwd: t.workDir,
    env: { ...process.env, ...t.env, PULUMI_HOME: path.join(path.dirname(t.workDir), "home") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) return undefined;
  return (JSON.parse(stdout) as { steps?: PreviewStep[] }).steps ?? [];
}

const stateOf = async (stack: Stack): Promise<StateResource[]> =>
  (await stack.exportStack()).deployment.resources ?? [];

/** Preview, then up, of one stack; what each said. A failure on both sides is a match ("fails"). */
async function previewThenUp(t: ProjectStack, stack: Stack, prefix: string) {
  const before = await stateOf(stack);
  const steps = await previewJson(t, stack.name);
  const events: EngineEvent[] = [];
  const upFailed = await stack.up({ onEvent: (e) => events.push(e) }).then(
    () => false,
    () => true,
  );
  const after = await stateOf(stack);
  return {
    preview: steps ? previewOps(steps, prefix) : [`${prefix}fails`],
    up: upFailed ? [`${prefix}fails`] : upOps(events, prefix),
    unknowns: steps && !upFailed ? unknownsKeptByUp(steps, before, after, prefix) : [],
  };
}

export interface CatalogueOptions {
  /** Called after each edit, e.g. to print progress. */
  onRow?: (row: CatalogueRow) => void;
}

/** Ups both shipped stacks, then applies every edit in order. Returns one row per edit. */
export async function runCatalogue(options: CatalogueOptions = {}): Promise<CatalogueRow[]> {
  const shipped = { dev: shippedConfig("dev"), prod: shippedConfig("prod") };
  const context: EditContext = {
    dev: JSON.parse(JSON.stringify(shipped.dev)),
    prod: JSON.parse(JSON.stringify(shipped.prod)),
    shipped,
    editLine: (file, line) => editJsonlLine(t.workDir, file, line),
  };
  const t = await createProjectStack({ stackName: "dev", config: context.dev });
  try {
    const stacks = { dev: t.stack, prod: await t.openStack("prod") };
    t.setStackConfig(context.prod, "prod");
    await stacks.dev.up();
    await stacks.prod.up();
    const rows: CatalogueRow[] = [];
    for (const edit of EDITS) {
      edit.apply(context);
      t.setStackConfig(context.dev, "dev");
      t.setStackConfig(context.prod, "prod");
      const results = [];
      for (const name of edit.stacks)
        results.push(await previewThenUp(t, stacks[name], edit.stacks.length > 1 ? `${name}: ` : ""));
      const row = catalogueRow(
        edit.stacks.length > 1 || edit.stacks[0] !== "dev" ? `${edit.name} (${edit.stacks.join(", ")})` : edit.name,
        results.flatMap((r) => r.preview),
        results.flatMap((r) => r.up),
        results.flatMap((r) => r.unknowns),
      );
      rows.push(row);
      options.onRow?.(row);
    }
    return rows;
  } finally {
    await t.stop();
  }
}
