// Everything the program learns before declaring a resource, per model: its datasets validated (a URL's only
// when asked), its token count and cost estimate, its findings, and its evaluation file's hash. Every model is
// planned first, so one bad file stops the whole preview before any resource exists.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { UPLOADS_API_MAX_BYTES } from "../azure/limits";
import { resolveBaseModel } from "../azure/models";
import type { EstimateSummary } from "../resources/fine-tuning-job/contract";
import type { HostingSummary } from "../resources/model-deployment/contract";
import { hashFileCached } from "../validate/cache";
import { estimateTraining } from "../validate/estimate";
import type { Finding } from "../validate/types";
import { CONFIG_NAMESPACE, type EvaluationConfig, type StackConfig, type TrainedModelConfig } from "./config";
import { DatasetError, gate, type PlannedFile, planFile, summarizeEstimate } from "./dataset-plan";
import type { PlannedEvaluation } from "./deployment";
import { hostingOf } from "./hosting";
import { isRemote, type RemoteDataset } from "./remote-dataset";
import { type PlannedRemote, planRemote } from "./remote-plan";
import { acceptedRootBaseModel } from "./root-base-model";

export type PlannedDataset = PlannedFile | PlannedRemote;

export interface ModelPlan {
  training: PlannedDataset;
  validation?: PlannedDataset;
  /** Absent for a URL whose bytes were not read: no statistics, so no estimate. */
  estimate?: EstimateSummary;
  /** The warnings and infos of both files (errors have stopped the plan). */
  findings: Finding[];
  evaluation?: PlannedEvaluation;
  /** What its deployment costs to host, when it has one. */
  hosting?: HostingSummary;
}

/** A URL whose bytes were not read: no statistics, so no token count and no estimate. */
export const unread = (planned: PlannedDataset): planned is PlannedRemote =>
  "validated" in planned && !planned.validated;

export async function planModels(projectDir: string, config: StackConfig): Promise<Record<string, ModelPlan>> {
  const datasets: Record<string, Pick<ModelPlan, "training" | "validation">> = {};
  for (const [name, model] of Object.entries(config.models))
    datasets[name] = await planDatasets(projectDir, config, name, model);
  gate(Object.values(datasets).flatMap((p) => (p.validation ? [p.training, p.validation] : [p.training])));
  const plans: Record<string, ModelPlan> = {};
  for (const [name, model] of Object.entries(config.models)) {
    const { training, validation } = datasets[name]!;
    const estimate = unread(training)
      ? undefined
      : summarizeEstimate(
          estimateTraining({
            stats: training.result.stats,
            baseModel: acceptedRootBaseModel(config.models, name),
            nEpochs: model.method.hyperparameters.n_epochs ?? "auto",
            trainingType: model.trainingType,
            ...(config.prices ? { prices: config.prices } : {}),
          }),
        );
    const evaluation =
      model.deployment && model.evaluation ? await planEvaluation(projectDir, model.evaluation) : undefined;
    plans[name] = {
      training,
      ...(validation ? { validation } : {}),
      ...(estimate ? { estimate } : {}),
      findings: [...training.result.findings, ...(validation?.result.findings ?? [])],
      ...(evaluation ? { evaluation } : {}),
      ...(model.deployment
        ? { hosting: hostingOf(acceptedRootBaseModel(config.models, name), model.deployment, config.prices) }
        : {}),
    };
  }
  return plans;
}

export async function planEvaluation(projectDir: string, evaluation: EvaluationConfig): Promise<PlannedEvaluation> {
  const { sha256 } = await hashFileCached(
    path.resolve(projectDir, evaluation.file),
    path.join(projectDir, ".cache", "validate"),
  ).catch(() => {
    throw new DatasetError(`${evaluation.file}: evaluation file not found`);
  });
  return { ...evaluation, sha256 };
}

async function planDatasets(
  projectDir: string,
  config: StackConfig,
  name: string,
  model: TrainedModelConfig,
): Promise<Pick<ModelPlan, "training" | "validation">> {
  const base = acceptedRootBaseModel(config.models, name);
  if (!resolveBaseModel(base))
    pulumi.log.warn(
      `${CONFIG_NAMESPACE}:models.${name}.baseModel: ${base} is not in the table of fine-tunable models; token counts use o200k_base`,
    );
  // The specs allow 40 characters; Foundry projects document 18.
  if (model.suffix && model.suffix.length > 18)
    pulumi.log.warn(
      `${CONFIG_NAMESPACE}:models.${name}.suffix: ${model.suffix.length} characters; Foundry projects accept at most 18 (the API specs 40)`,
    );
  // Files over the Files API limit go through the Uploads API, so the validator's size limit is the latter's.
  const plan = (source: string | RemoteDataset, purpose: "training" | "validation") =>
    isRemote(source)
      ? planRemote(source, purpose, model.method.type, base, UPLOADS_API_MAX_BYTES)
      : planFile(projectDir, source, purpose, model.method.type, base, UPLOADS_API_MAX_BYTES);
  const training = await plan(model.trainingFile, "training");
  const validation = model.validationFile ? await plan(model.validationFile, "validation") : undefined;
  for (const [key, planned] of [
    ["trainingFile", training],
    ["validationFile", validation],
  ] as const) {
    if (planned && unread(planned))
      pulumi.log.warn(
        `${CONFIG_NAMESPACE}:models.${name}.${key}: ${planned.path} is imported by the service unread (validate: false): no checks, token count or cost estimate`,
      );
  }
  return { training, ...(validation ? { validation } : {}) };
}
