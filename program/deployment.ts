// A model's deployment and, when configured, its evaluation: the part a trained and a promoted model share.
import * as pulumi from "@pulumi/pulumi";
import type { HostingSummary } from "../resources/model-deployment/contract";
import type { TargetInputs } from "../resources/shared/target-inputs";
import type { DeploymentConfig, EvaluationConfig } from "./config";
import type { DeploymentOutputs, EvaluationOutputs } from "./model-outputs";
import { DYNAMIC_RESOURCES, type ResourceFamily } from "./resource-family";

export interface DeploymentExtras {
  /** ARM id of the account that trained the model, when another account deploys it. */
  source?: string;
  jobStatus?: pulumi.Input<string>;
  jobEstimatedFinish?: pulumi.Input<number | undefined>;
  /** The job reused an earlier training of the account: its model's deployment may already exist (pay once). */
  modelReused?: pulumi.Input<boolean | null>;
  /** Shown by the preview and the PR report: the rule is known before training, the reason after. */
  checkpoint?: { rule: string; reason: pulumi.Input<string | undefined> };
  /** Its hosting fee from the price table (program/hosting.ts). */
  hosting?: HostingSummary;
}

/** The evaluation to run, with the sha256 of its file (hashed while planning, before anything is declared). */
export type PlannedEvaluation = EvaluationConfig & { sha256: string };

export function declareDeployment(
  name: string,
  target: pulumi.Input<TargetInputs>,
  d: DeploymentConfig,
  model: pulumi.Input<string | undefined>,
  extra: DeploymentExtras,
  evaluation: PlannedEvaluation | undefined,
  options: pulumi.CustomResourceOptions,
  resources: ResourceFamily = DYNAMIC_RESOURCES,
): { deployment: DeploymentOutputs; evaluation?: EvaluationOutputs } {
  const resource = resources.modelDeployment(
    name,
    {
      target,
      modelName: name,
      name: d.name,
      model,
      ...(extra.source ? { source: extra.source } : {}),
      sku: { name: d.sku, capacity: d.capacity },
      ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
      versionUpgradeOption: d.versionUpgradeOption,
      ...(extra.jobStatus ? { jobStatus: extra.jobStatus } : {}),
      ...(extra.jobEstimatedFinish ? { jobEstimatedFinish: extra.jobEstimatedFinish } : {}),
      ...(extra.modelReused !== undefined
        ? { modelReused: pulumi.output(extra.modelReused).apply((r) => r === true) }
        : {}),
      ...(extra.checkpoint ? { checkpointRule: extra.checkpoint.rule, checkpointReason: extra.checkpoint.reason } : {}),
      ...(extra.hosting ? { hosting: extra.hosting } : {}),
      // A swap to a new model is judged against the live deployment on the held-out set (champion and challenger).
      ...(evaluation
        ? {
            challenge: {
              file: evaluation.file,
              fileSha256: evaluation.sha256,
              maxTokens: evaluation.maxTokens,
              ...(evaluation.gate ? { gate: evaluation.gate } : {}),
            },
          }
        : {}),
    },
    options,
  );
  const deployment: DeploymentOutputs = {
    name: resource.deploymentName,
    model: resource.model,
    sku: d.sku,
    capacity: d.capacity,
    endpoint: resource.endpoint,
    ...(extra.hosting ? { hosting: extra.hosting } : {}),
    ...(extra.checkpoint
      ? { checkpoint: { rule: extra.checkpoint.rule, reason: pulumi.output(extra.checkpoint.reason) } }
      : {}),
  };
  if (!evaluation) return { deployment };
  // Never protected: scores are re-made from the deployment, nothing on the service is lost.
  const run = resources.evaluation(
    `${name}-evaluation`,
    {
      target,
      modelName: name,
      deploymentName: resource.deploymentName,
      model: resource.model,
      file: evaluation.file,
      fileSha256: evaluation.sha256,
      maxTokens: evaluation.maxTokens,
      swapScores: resource.challengeOutcome,
    },
    { ...options, protect: false },
  );
  return {
    deployment,
    evaluation: {
      examples: run.examples,
      exactMatch: run.exactMatch,
      tokenOverlap: run.tokenOverlap,
      contentFiltered: run.contentFiltered,
      latencyMsP50: run.latencyMsP50,
      latencyMsP95: run.latencyMsP95,
      // Both scores of the last swap: the live model's and this one's, on the same held-out set.
      challenge: resource.challengeOutcome,
    },
  };
}
