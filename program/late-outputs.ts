// The outputs of a FineTunedModel declared with config-shaped args: its resources are declared once its data is
// planned and the preflight has run (asynchronously), but a program reads its outputs at once. Each output
// follows the one the model declares; what the config alone decides (sku, capacity, which outputs exist) is known.
import * as pulumi from "@pulumi/pulumi";
import type { FineTuningJob } from "../resources/fine-tuning-job/resource";
import { type CheckpointSelector, describeSelector } from "./checkpoint-selection";
import type { TrainedModelConfig } from "./config";
import type { DeploymentOutputs, EvaluationOutputs, ModelOutputs } from "./model-outputs";
import type { Declared } from "./resource-family";

/** What a program reads from the model's job: its URN and outputs. */
export type JobView = Pick<
  Declared<FineTuningJob>,
  | "urn"
  | "jobId"
  | "status"
  | "fineTunedModel"
  | "trainedTokens"
  | "resolvedHyperparameters"
  | "checkpoints"
  | "metrics"
  | "resultsCsvPath"
  | "charts"
  | "estimatedFinish"
  | "estimate"
  | "qualitySignals"
  | "reused"
  | "reusedFrom"
>;

type OutputOf<T> = T extends pulumi.Output<infer U> ? pulumi.Output<U> : pulumi.Output<pulumi.Unwrap<T>>;

/** One value of what `declared` resolves to, as an Output (its failure fails the Output). */
function follow<S>(declared: Promise<S>) {
  return <T>(pick: (s: S) => T): OutputOf<T> =>
    pulumi.output(declared.then((s) => pick(s) as pulumi.Input<unknown>)) as unknown as OutputOf<T>;
}

export function lateJob(declared: Promise<JobView>): JobView {
  const of = follow(declared);
  return {
    urn: of((j) => j.urn),
    jobId: of((j) => j.jobId),
    status: of((j) => j.status),
    fineTunedModel: of((j) => j.fineTunedModel),
    trainedTokens: of((j) => j.trainedTokens),
    resolvedHyperparameters: of((j) => j.resolvedHyperparameters),
    checkpoints: of((j) => j.checkpoints),
    metrics: of((j) => j.metrics),
    resultsCsvPath: of((j) => j.resultsCsvPath),
    charts: of((j) => j.charts),
    estimatedFinish: of((j) => j.estimatedFinish),
    estimate: of((j) => j.estimate),
    qualitySignals: of((j) => j.qualitySignals),
    reused: of((j) => j.reused),
    reusedFrom: of((j) => j.reusedFrom),
  };
}

export function lateModelOutputs(declared: Promise<ModelOutputs>, model: TrainedModelConfig): ModelOutputs {
  const of = follow(declared);
  const d = model.deployment;
  const deployment: DeploymentOutputs | undefined = d && {
    name: of((o) => o.deployment!.name),
    model: of((o) => o.deployment!.model),
    sku: d.sku,
    capacity: d.capacity,
    endpoint: of((o) => o.deployment!.endpoint),
    hosting: of((o) => o.deployment!.hosting),
    ...(d.checkpoint
      ? {
          checkpoint: {
            rule: describeSelector(d.checkpoint as CheckpointSelector),
            reason: of((o) => o.deployment!.checkpoint?.reason),
          },
        }
      : {}),
  };
  const evaluation: EvaluationOutputs | undefined =
    d && model.evaluation
      ? {
          examples: of((o) => o.evaluation!.examples),
          exactMatch: of((o) => o.evaluation!.exactMatch),
          tokenOverlap: of((o) => o.evaluation!.tokenOverlap),
          contentFiltered: of((o) => o.evaluation!.contentFiltered),
          latencyMsP50: of((o) => o.evaluation!.latencyMsP50),
          latencyMsP95: of((o) => o.evaluation!.latencyMsP95),
          challenge: of((o) => o.evaluation!.challenge),
        }
      : undefined;
  return {
    jobId: of((o) => o.jobId),
    status: of((o) => o.status),
    reused: of((o) => o.reused),
    reusedFrom: of((o) => o.reusedFrom),
    fineTunedModel: of((o) => o.fineTunedModel),
    trainedTokens: of((o) => o.trainedTokens),
    metrics: of((o) => o.metrics),
    checkpoints: of((o) => o.checkpoints),
    estimate: of((o) => o.estimate),
    resultsCsvPath: of((o) => o.resultsCsvPath),
    charts: of((o) => o.charts),
    quality: of((o) => o.quality),
    account: of((o) => o.account),
    accountId: of((o) => o.accountId),
    retirement: of((o) => o.retirement),
    ...(deployment ? { deployment } : {}),
    ...(evaluation ? { evaluation } : {}),
  };
}
