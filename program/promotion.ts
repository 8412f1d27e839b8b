// Promotion: a stack deploys a model another stack trained, read through a StackReference, after its gates
// pass. No TrainingFile and no FineTuningJob here: promotion never trains, so it never pays twice.
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { hostingOf } from "./hosting";
import type { PromotedOutputs } from "./model-outputs";
import { planEvaluation } from "./model-plan";
import { PromotedModel } from "./promoted-model";
import { promotionDecision, type SourceModel } from "./promotion-decision";
import { provisionedProblem } from "./provisioned-throughput";
import { accountIdOf, targetInputs } from "./stack-config";

export class PromotionError extends Error {}

export async function declarePromotions(
  projectDir: string,
  config: StackConfig,
): Promise<Record<string, PromotedOutputs>> {
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
    const ptu = provisionedProblem(
      promotion.deployment.sku,
      promotion.deployment.capacity,
      source!.fineTunedModel ?? "",
    );
    if (ptu) {
      refusals.push(`${pulumi.getStack()}: ${name}: ${ptu}`);
      continue;
    }
    // Another account (or region, or subscription) deploys with model.source naming the training account.
    const sourceAccount =
      source!.accountId && source!.accountId.toLowerCase() !== thisAccount.toLowerCase()
        ? source!.accountId
        : undefined;
    const hosting = hostingOf(source!.fineTunedModel ?? decision.model, promotion.deployment, config.prices);
    const extra = {
      ...(sourceAccount ? { source: sourceAccount } : {}),
      jobStatus: "succeeded",
      ...(decision.checkpoint ? { checkpoint: decision.checkpoint } : {}),
      hosting,
    };
    const evaluation = promotion.evaluation ? await planEvaluation(projectDir, promotion.evaluation) : undefined;
    const promoted = new PromotedModel(name, {
      target,
      promotion,
      model: decision.model,
      extra,
      ...(evaluation ? { evaluation } : {}),
    });
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
      deployment: promoted.deployment,
      ...(promoted.evaluation ? { evaluation: promoted.evaluation } : {}),
    };
  }
  // Gates are checked before anything is declared for a refused model, and fail the whole preview.
  if (refusals.length > 0) throw new PromotionError(`promotion blocked, nothing deployed:\n  ${refusals.join("\n  ")}`);
  return outputs;
}
