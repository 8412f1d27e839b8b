// Promotion: a stack deploys a model another stack trained, read through a StackReference, after its gates
// pass. No TrainingFile and no FineTuningJob here: promotion never trains, so it never pays twice.
import * as pulumi from "@pulumi/pulumi";
import { selectCheckpoint, type CheckpointSelector } from "./checkpoint-selection";
import type { PromotedModelConfig, StackConfig } from "./config";
import type { JobCheckpoint } from "./fine-tuning-job";
import { gateFailures } from "./gates";
import { provisionedProblem } from "./provisioned-throughput";
import { accountIdOf, declareDeployment, targetInputs, type DeploymentOutputs, type EvaluationOutputs } from "./stack";

export class PromotionError extends Error {}

/** What a training stack exports per model (resources/stack.ts ModelOutputs, resolved). */
export interface SourceModel {
  jobId: string;
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  metrics?: Record<string, number>;
  checkpoints?: JobCheckpoint[];
  accountId?: string;
  evaluation?: { exactMatch?: number; tokenOverlap?: number };
}

/** Pure: the model name (or checkpoint id) to deploy, or the reasons it may not be promoted. */
export function promotionDecision(
  stackName: string,
  name: string,
  config: PromotedModelConfig,
  source: SourceModel | undefined,
): { model: string } | { refused: string } {
  const from = `${config.promoteFrom.stack}/${config.promoteFrom.model}`;
  if (!source) return { refused: `stack ${config.promoteFrom.stack} exports no model "${config.promoteFrom.model}"` };
  if (source.status !== "succeeded" || !source.fineTunedModel) return { refused: `${from} has not finished training (status ${source.status})` };
  const failures = gateFailures(source, config.gates);
  if (failures.length > 0) return { refused: `${stackName}: ${name} is not promoted from ${from} (${source.fineTunedModel}): ${failures.join("; ")}` };
  if (!config.deployment.checkpoint) return { model: source.fineTunedModel };
  // results.csv marks epoch ends only with a validation file; without one the metrics say 0 epochs: not known.
  const epochs = source.metrics?.epochs || source.checkpoints?.length || 0;
  return { model: selectCheckpoint(source.checkpoints ?? [], config.deployment.checkpoint as CheckpointSelector, epochs) };
}

export interface PromotedOutputs {
  promotedFrom: { stack: string; model: string; jobId: string };
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  metrics?: Record<string, number>;
  checkpoints?: JobCheckpoint[];
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
    const deployed = await declareDeployment(name, target, promotion.deployment, decision.model, { ...(sourceAccount ? { source: sourceAccount } : {}), jobStatus: "succeeded" }, promotion.evaluation, projectDir, { protect: promotion.protect === true });
    outputs[name] = {
      promotedFrom: { stack, model: promotion.promoteFrom.model, jobId: source!.jobId },
      status: source!.status,
      ...(source!.fineTunedModel ? { fineTunedModel: source!.fineTunedModel } : {}),
      ...(source!.trainedTokens !== undefined ? { trainedTokens: source!.trainedTokens } : {}),
      ...(source!.metrics ? { metrics: source!.metrics } : {}),
      ...(source!.checkpoints ? { checkpoints: source!.checkpoints } : {}),
      account: config.account.name,
      accountId: thisAccount,
      ...deployed,
    };
  }
  // Gates are checked before anything is declared for a refused model, and fail the whole preview.
  if (refusals.length > 0) throw new PromotionError(`promotion blocked, nothing deployed:\n  ${refusals.join("\n  ")}`);
  return outputs;
}
