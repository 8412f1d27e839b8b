// Pure: whether a model another stack trained may be promoted here, and what exactly to deploy: the model or the
// checkpoint its selector chooses, judged against the promoting stack's gates.
import type { JobCheckpoint } from "../resources/fine-tuning-job/contract";
import { type CheckpointSelector, chooseCheckpoint, describeSelector, epochsOfJob } from "./checkpoint-selection";
import type { PromotedModelConfig } from "./config";
import { checkpointFigures, gateFailures } from "./gates";

/** What a training stack exports per model (program/model-outputs.ts ModelOutputs, resolved). */
export interface SourceModel {
  jobId: string;
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  metrics?: Record<string, number>;
  checkpoints?: JobCheckpoint[];
  accountId?: string;
  evaluation?: { exactMatch?: number; tokenOverlap?: number };
  quality?: Record<string, unknown>;
}

/** Pure: the model name (or checkpoint id) to deploy, or the reasons it may not be promoted. */
export function promotionDecision(
  stackName: string,
  name: string,
  config: PromotedModelConfig,
  source: SourceModel | undefined,
): { model: string; checkpoint?: { rule: string; reason: string } } | { refused: string } {
  const from = `${config.promoteFrom.stack}/${config.promoteFrom.model}`;
  if (!source) return { refused: `stack ${config.promoteFrom.stack} exports no model "${config.promoteFrom.model}"` };
  if (source.status !== "succeeded" || !source.fineTunedModel)
    return { refused: `${from} has not finished training (status ${source.status})` };
  const refuse = (what: string, failures: string[]) => ({
    refused: `${stackName}: ${name} is not promoted from ${from} (${what}): ${failures.join("; ")}`,
  });
  if (!config.deployment.checkpoint) {
    const failures = gateFailures(source, config.gates);
    return failures.length > 0 ? refuse(source.fineTunedModel, failures) : { model: source.fineTunedModel };
  }
  const epochs = epochsOfJob({ metricEpochs: source.metrics?.epochs, checkpoints: source.checkpoints });
  const selector = config.deployment.checkpoint as CheckpointSelector;
  let chosen: { id: string; reason: string };
  try {
    chosen = chooseCheckpoint(source.checkpoints ?? [], selector, epochs);
  } catch (error) {
    return refuse(source.fineTunedModel, [(error as Error).message]);
  }
  // The gates judge what is deployed: the checkpoint's own validation figures. A checkpoint exported without
  // them (by a source stack older than the quality signals) falls back to the final model's.
  const checkpoint = source.checkpoints!.find((c) => c.id === chosen.id)!;
  const failures = gateFailures(
    { ...source, metrics: { ...source.metrics, ...checkpointFigures(checkpoint.metrics) } },
    config.gates,
  );
  if (failures.length > 0) return refuse(`checkpoint ${chosen.id}, step ${checkpoint.step}`, failures);
  return { model: chosen.id, checkpoint: { rule: describeSelector(selector), reason: chosen.reason } };
}
