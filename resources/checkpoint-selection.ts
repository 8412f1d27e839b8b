// Pure: which checkpoint a `checkpoint:` config entry names, among the ones a finished job kept.
import type { JobCheckpoint } from "./fine-tuning-job";

export type CheckpointSelector = { epoch: number } | { step: number } | { id: string };

/**
 * A checkpoint is saved at each epoch end and the service keeps the last three, so with E epochs the kept
 * ones are epochs E-2..E. Returns the checkpoint id to deploy, or throws naming what exists.
 */
export function selectCheckpoint(checkpoints: readonly JobCheckpoint[], selector: CheckpointSelector, epochs: number): string {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const available = () => sorted.map((c, i) => `epoch ${epochs - sorted.length + 1 + i} (step ${c.step}, ${c.id})`).join(", ") || "none";
  let found: JobCheckpoint | undefined;
  if ("id" in selector) found = sorted.find((c) => c.id === selector.id);
  else if ("step" in selector) found = sorted.find((c) => c.step === selector.step);
  else found = sorted[selector.epoch - (epochs - sorted.length + 1)];
  if (!found) throw new Error(`checkpoint ${JSON.stringify(selector)} is not among the job's checkpoints: ${available()}`);
  return found.id;
}
