// Promotion: a stack deploys a model another stack trained, read through a StackReference, after its gates
// pass. No TrainingFile and no FineTuningJob here: promotion never trains, so it never pays twice.
import * as pulumi from "@pulumi/pulumi";
import { chooseCheckpoint, describeSelector, epochsOfJob, type CheckpointSelector } from "./checkpoint-selection";
import type { PromotedModelConfig, StackConfig } from "./config";
import type { JobCheckpoint } from "../resources/fine-tuning-job/resource";
import { checkpointFigures, gateFailures } from "./gates";
import { provisionedProblem } from "./provisioned-throughput";
import { accountIdOf, declareDeployment, targetInputs, type DeploymentOutputs, type EvaluationOutputs } from "./declare-models";

export class PromotionError extends Error {}

/** What a training stack exports per model (program/declare-models.ts ModelOutputs, resolved). */
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
  if (source.status !== "succeeded" || !source.fineTunedModel) return { refused: `${from} has not finished training (status ${source.status})` };
  const refuse = (what: string, failures: string[]) => ({ refused: `${stackName}: ${name} is not promoted from ${from} (${what}): ${failures.join("; ")}` });
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
  const failures = gateFailures({ ...source, metrics: { ...source.metrics, ...checkpointFigures(checkpoint.metrics) } }, config.gates);
  if (failures.length > 0) return refuse(`checkpoint ${chosen.id}, step ${checkpoint.step}`, failures);
  return { model: chosen.id, checkpoint: { rule: describeSelector(selector), reason: chosen.reason } };
}

export interface PromotedOutputs {
  promotedFrom: { stack: string; model: string; jobId: string };
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  metrics?: Record<string, number>;
  checkpoints?: JobCheckpoint[];
  quality?: Record<string, unknown>;
  account: string;
  accountId: string;
  deployment: DeploymentOutputs;
  evaluation?: EvaluationOutputs;
}

export async function declarePromotions(projectDir: string, config: StackConfig): Promise<Record<string, PromotedOutputs>> {
  const target = targetInputs(config);
  const thisAccount = accountIdOf(config);
  const references = new Map<string, pulumi.StackReference>();
  const outputs: Record<string, PromotedOutputs> = {};
  const refusals: string[] = [];
  for (const [name, promotion] of Object.entries(config.promotions)) {
    const stack = promotion.promoteFrom.stack;
    let reference = references.get(stack);
    if (!reference) {
      reference = new pulumi.StackReference(`source-${stack.replace(/[^a-zA-Z0-9-]/g, "-")}`, { name: stack });
      references.set(stack, reference);
    }
    const exported = (await reference.getOutputDetails("models")).value as Record<string, SourceModel> | undefined;
    const source = exported?.[promotion.promoteFrom.model];
    const decision = promotionDecision(pulumi.getStack(), name, promotion, source);
    if ("refused" in decision) {
      refusals.push(decision.refused);
      continue;
    }
    // A PTU sku depends on the base model, known only now (config.ts checks trained models).
    const ptu = provisionedProblem(promotion.deployment.sku, promotion.deployment.capacity, source!.fineTunedModel ?? "");
    if (ptu) {
      refusals.push(`${pulumi.getStack()}: ${name}: ${ptu}`);
      continue;
    }
    // Another account (or region, or subscription) deploys with model.source naming the training account.
    const sourceAccount = source!.accountId && source!.accountId.toLowerCase() !== thisAccount.toLowerCase() ? source!.accountId : undefined;
    const extra = { ...(sourceAccount ? { source: sourceAccount } : {}), jobStatus: "succeeded", ...(decision.checkpoint ? { checkpoint: decision.checkpoint } : {}) };
    const deployed = await declareDeployment(name, target, promotion.deployment, decision.model, extra, promotion.evaluation, projectDir, { protect: promotion.protect === true });
    outputs[name] = {
      promotedFrom: { stack, model: promotion.promoteFrom.model, jobId: source!.jobId },
      status: source!.status,
      ...(source!.fineTunedModel ? { fineTunedModel: source!.fineTunedModel } : {}),
      ...(source!.trainedTokens !== undefined ? { trainedTokens: source!.trainedTokens } : {}),
      ...(source!.metrics ? { metrics: source!.metrics } : {}),
      ...(source!.checkpoints ? { checkpoints: source!.checkpoints } : {}),
      ...(source!.quality ? { quality: source!.quality } : {}),
      account: config.account.name,
      accountId: thisAccount,
      ...deployed,
    };
  }
  // Gates are checked before anything is declared for a refused model, and fail the whole preview.
  if (refusals.length > 0) throw new PromotionError(`promotion blocked, nothing deployed:\n  ${refusals.join("\n  ")}`);
  return outputs;
}
