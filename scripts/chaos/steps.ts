// The steps a campaign run is made of, each what a user would type, and the checks after convergence.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serviceInventory, stateInventory, type Violations, violations } from "./inventory";
import type { CliRun } from "./pulumi-cli";
import type { Sandbox } from "./sandbox";

const BASE_MODEL = "gpt-4.1-mini-2025-04-14";

export function modelConfig(
  overrides: Record<string, unknown> = {},
  deploymentName = "clippy",
): Record<string, unknown> {
  return {
    baseModel: BASE_MODEL,
    trainingFile: "datasets/clippy/train.jsonl",
    validationFile: "datasets/clippy/valid.jsonl",
    suffix: "chaos",
    seed: 7,
    method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
    deployment: { name: deploymentName, sku: "Standard", capacity: 1 },
    ...overrides,
  };
}

/** Changes the bytes of one training example (a retrain of everything that uses the file). */
export function editDataset(sandbox: Sandbox, marker: string): void {
  const file = path.join(sandbox.workDir, "datasets/clippy/train.jsonl");
  const lines = readFileSync(file, "utf8").split("\n");
  lines[1] = lines[1]!.replace(/"content":"([^"]*)"\}\]\}$/, `"content":"$1 ${marker}."}]}`);
  writeFileSync(file, lines.join("\n"));
}

export class StepError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** What a failed command said: its error lines first, then the end of its output. */
const tail = (run: CliRun) => `${errorLines(run.output)}\n${run.output.split("\n").slice(-12).join("\n")}`;

/**
 * `pulumi up`, and again when it fails, as a user does after a transient outage: at most `attempts` times.
 * Returns how many ups it took.
 */
export async function upUntilDone(
  sandbox: Sandbox,
  attempts = 3,
): Promise<{ ups: number; output: string; failures: string[] }> {
  let last: CliRun | undefined;
  const failures: string[] = [];
  for (let i = 1; i <= attempts; i++) {
    last = await sandbox.pulumi(["up", "--yes", "--skip-preview"]);
    if (last.code === 0) return { ups: i, output: last.output, failures };
    failures.push(errorLines(last.output));
  }
  throw new StepError(`pulumi up failed ${attempts} times`, tail(last!));
}

/** The CLI's error lines of a failed command (what a user reads first). */
function errorLines(output: string): string {
  const lines = output.split("\n").filter((l) => /error:|failed|warning: .*(room|quota)/i.test(l));
  return [...new Set(lines.map((l) => l.trim()))].slice(0, 8).join(" | ");
}

export async function destroyUntilDone(sandbox: Sandbox, attempts = 3): Promise<number> {
  let last: CliRun | undefined;
  for (let i = 1; i <= attempts; i++) {
    last = await sandbox.pulumi(["destroy", "--yes", "--skip-preview"]);
    if (last.code === 0) return i;
  }
  throw new StepError(`pulumi destroy failed ${attempts} times`, tail(last!));
}

/**
 * The documented recovery after `pulumi up` was killed (README "Guarantees"): release the lock the dead
 * process held, drop its pending creates from state (every create here adopts what it finds on the
 * service, so nothing is created twice), then up.
 */
export async function recoverAfterKill(sandbox: Sandbox): Promise<{ ups: number }> {
  const cancel = await sandbox.pulumi(["cancel", "--yes"]);
  // "no update in progress" is fine: the kill may have come after the CLI released its lock.
  if (cancel.code !== 0 && !/no (update|operation)|not currently/i.test(cancel.output))
    throw new StepError("pulumi cancel failed", tail(cancel));
  const refresh = await sandbox.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  if (refresh.code !== 0) throw new StepError("pulumi refresh --clear-pending-creates failed", tail(refresh));
  return upUntilDone(sandbox);
}

/** True when `pulumi preview` shows no change. */
async function previewIsEmpty(sandbox: Sandbox): Promise<boolean> {
  const preview = await sandbox.pulumi(["preview", "--expect-no-changes"]);
  return preview.code === 0;
}

async function exportState(sandbox: Sandbox): Promise<string> {
  const run = await sandbox.pulumi(["stack", "export"]);
  if (run.code !== 0) throw new StepError("pulumi stack export failed", tail(run));
  return run.output;
}

export interface Check extends Violations {
  pendingOperations: number;
  previewEmpty: boolean;
}

/** After an up converged: compare service and state, and preview. */
export async function checkConverged(sandbox: Sandbox): Promise<Check> {
  const state = stateInventory(await exportState(sandbox));
  const found = violations(await serviceInventory(sandbox.service), state);
  return { ...found, pendingOperations: state.pendingOperations, previewEmpty: await previewIsEmpty(sandbox) };
}

/** After destroy: nothing of ours is left on the service (trained models are kept by design) or in state. */
export async function checkDestroyed(sandbox: Sandbox): Promise<Violations> {
  const state = stateInventory(await exportState(sandbox));
  const service = await serviceInventory(sandbox.service);
  return {
    ...violations(service, state),
    missingOnService: [...state.fileIds, ...state.jobIds, ...state.deploymentNames].map(
      (id) => `still in state: ${id}`,
    ),
  };
}
