// The composition of one stack: per model, TrainingFile(s) -> FineTuningJob -> ModelDeployment.
import * as pulumi from "@pulumi/pulumi";
import { resolveBaseModel, rootModelName } from "../validate/models";
import { bestMetricOf, chooseCheckpoint, describeSelector, epochsOfJob, type CheckpointSelector } from "./checkpoint-selection";
import { withoutAppliedAdvice } from "../analysis/quality-advice";
import { CONFIG_NAMESPACE, parseStackConfig, trainingOrder, type DeploymentConfig, type EvaluationConfig, type StackConfig, type TrainedModelConfig } from "./config";
import path from "node:path";
import { DatasetError, estimateTraining, gate, planFile, summarizeEstimate, summarizeFindings, type PlannedFile } from "./dataset-plan";
import { Evaluation } from "../resources/evaluation/resource";
import { FineTuningJob } from "../resources/fine-tuning-job/resource";
import { hashFileCached } from "../validate/cache";
import { accountResourceId } from "../foundry/target";
import { ModelDeployment } from "../resources/model-deployment/resource";
import { runPreflight } from "./preflight/preflight";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { TrainingFile } from "../resources/training-file/resource";
import { UPLOADS_API_MAX_BYTES } from "../foundry/azure-facts";
import { isRemote, type RemoteDataset } from "./remote-dataset";
import { planRemote, type PlannedRemote } from "./remote-plan";

const CONFIG_KEYS = ["target", "account", "local", "apiVersion", "armApiVersion", "dataPlane", "prices", "models"] as const;

export function readStackConfig(): StackConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const text = config.get(key);
    if (text === undefined) continue;
    // Objects arrive as JSON text, plain strings as themselves.
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return parseStackConfig(raw, `Pulumi.${pulumi.getStack()}.yaml`);
}

export function targetInputs(config: StackConfig): TargetInputs {
  return {
    kind: config.target,
    accountName: config.account.name,
    subscriptionId: config.account.subscriptionId,
    resourceGroup: config.account.resourceGroup,
    ...(config.account.endpoint ? { endpoint: config.account.endpoint } : {}),
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    ...(config.armApiVersion ? { armApiVersion: config.armApiVersion } : {}),
    ...(config.dataPlane !== "dated" ? { dataPlane: config.dataPlane } : {}),
    ...(config.target === "local" ? { localDataDir: config.local.dataDir, localPort: config.local.port } : {}),
  };
}

/** The root base model a config entry trains, following `{ from: other }` chains. */
function rootBase(models: Record<string, TrainedModelConfig>, name: string): string {
  const base = models[name]!.baseModel;
  return typeof base === "string" ? rootModelName(base) : rootBase(models, base.from);
}

interface Plan {
  training: PlannedFile | PlannedRemote;
  validation?: PlannedFile | PlannedRemote;
}

/** A URL whose bytes were not read: no statistics, so no token count and no estimate. */
const unread = (planned: PlannedFile | PlannedRemote): planned is PlannedRemote => "validated" in planned && !planned.validated;

/** Validates every dataset first, so one bad file stops the whole preview before any resource is declared. */
async function planAll(projectDir: string, config: StackConfig): Promise<Record<string, Plan>> {
  const plans: Record<string, Plan> = {};
  for (const [name, model] of Object.entries(config.models)) {
    const base = rootBase(config.models, name);
    if (!resolveBaseModel(base)) pulumi.log.warn(`${CONFIG_NAMESPACE}:models.${name}.baseModel: ${base} is not in the table of fine-tunable models; token counts use o200k_base`);
    // The specs allow 40 characters; Foundry projects document 18.
    if (model.suffix && model.suffix.length > 18) pulumi.log.warn(`${CONFIG_NAMESPACE}:models.${name}.suffix: ${model.suffix.length} characters; Foundry projects accept at most 18 (the API specs 40)`);
    // Files over the Files API limit go through the Uploads API, so the validator's size limit is the latter's.
    const plan = (source: string | RemoteDataset, purpose: "training" | "validation") =>
      isRemote(source)
        ? planRemote(source, purpose, model.method.type, base, UPLOADS_API_MAX_BYTES)
        : planFile(projectDir, source, purpose, model.method.type, base, UPLOADS_API_MAX_BYTES);
    const training = await plan(model.trainingFile, "training");
    const validation = model.validationFile ? await plan(model.validationFile, "validation") : undefined;
    for (const [key, planned] of [["trainingFile", training], ["validationFile", validation]] as const) {
      if (planned && unread(planned)) pulumi.log.warn(`${CONFIG_NAMESPACE}:models.${name}.${key}: ${planned.path} is imported by the service unread (validate: false): no checks, token count or cost estimate`);
    }
    plans[name] = { training, ...(validation ? { validation } : {}) };
  }
  gate(Object.values(plans).flatMap((p) => (p.validation ? [p.training, p.validation] : [p.training])));
  return plans;
}

export interface ModelOutputs {
  jobId: pulumi.Output<string>;
  status: pulumi.Output<string>;
  fineTunedModel: pulumi.Output<string | undefined>;
  trainedTokens: pulumi.Output<number | undefined>;
  metrics: pulumi.Output<Record<string, number> | undefined>;
  checkpoints: FineTuningJob["checkpoints"];
  estimate: FineTuningJob["estimate"];
  resultsCsvPath: pulumi.Output<string | undefined>;
  charts: FineTuningJob["charts"];
  /** Best checkpoint, overfitting and divergence signals, warnings and suggestions (analysis/quality.ts). */
  quality: FineTuningJob["qualitySignals"];
  account: string;
  /** ARM id of the account that trained the model: what a promoting stack in another account names as source. */
  accountId: string;
  deployment?: DeploymentOutputs;
  evaluation?: EvaluationOutputs;
}

export interface DeploymentOutputs {
  name: pulumi.Output<string>;
  model: pulumi.Output<string>;
  sku: string;
  capacity: number;
  endpoint: pulumi.Output<string>;
  /** For a deployed checkpoint: the rule ("best by full_valid_loss") and which one it chose, and why. */
  checkpoint?: { rule: string; reason: pulumi.Output<string | undefined> };
}

export interface EvaluationOutputs {
  examples: pulumi.Output<number>;
  exactMatch: pulumi.Output<number>;
  tokenOverlap: pulumi.Output<number>;
  latencyMsP50: pulumi.Output<number>;
  latencyMsP95: pulumi.Output<number>;
}

export function accountIdOf(config: StackConfig): string {
  return accountResourceId({ subscriptionId: config.account.subscriptionId, resourceGroup: config.account.resourceGroup, accountName: config.account.name });
}

/** A deployment of `model` plus, when configured, its evaluation; shared by trained and promoted models. */
export async function declareDeployment(
  name: string,
  target: TargetInputs,
  d: DeploymentConfig,
  model: pulumi.Input<string | undefined>,
  extra: {
    source?: string;
    jobStatus?: pulumi.Input<string>;
    jobEstimatedFinish?: pulumi.Input<number | undefined>;
    /** Shown by the preview and the PR report: the rule is known before training, the reason after. */
    checkpoint?: { rule: string; reason: pulumi.Input<string | undefined> };
  },
  evaluation: EvaluationConfig | undefined,
  projectDir: string,
  options: { protect?: boolean } = {},
): Promise<{ deployment: DeploymentOutputs; evaluation?: EvaluationOutputs }> {
  const resource = new ModelDeployment(name, {
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
    ...(extra.checkpoint ? { checkpointRule: extra.checkpoint.rule, checkpointReason: extra.checkpoint.reason } : {}),
  }, { protect: options.protect ?? false });
  const deployment: DeploymentOutputs = {
    name: resource.deploymentName,
    model: resource.model,
    sku: d.sku,
    capacity: d.capacity,
    endpoint: resource.endpoint,
    ...(extra.checkpoint ? { checkpoint: { rule: extra.checkpoint.rule, reason: pulumi.output(extra.checkpoint.reason) } } : {}),
  };
  if (!evaluation) return { deployment };
  const { sha256 } = await hashFileCached(path.resolve(projectDir, evaluation.file), path.join(projectDir, ".cache", "validate")).catch(() => {
    throw new DatasetError(`${evaluation.file}: evaluation file not found`);
  });
  const run = new Evaluation(`${name}-evaluation`, {
    target,
    modelName: name,
    deploymentName: resource.deploymentName,
    model: resource.model,
    file: evaluation.file,
    fileSha256: sha256,
    maxTokens: evaluation.maxTokens,
  });
  return {
    deployment,
    evaluation: { examples: run.examples, exactMatch: run.exactMatch, tokenOverlap: run.tokenOverlap, latencyMsP50: run.latencyMsP50, latencyMsP95: run.latencyMsP95 },
  };
}

export async function declareStack(projectDir: string, config: StackConfig): Promise<Record<string, ModelOutputs>> {
  const target = targetInputs(config);
  const plans = await planAll(projectDir, config);
  // Data first (local and free), then what the account can carry; both before any resource is declared.
  await runPreflight(projectDir, config);
  const jobs: Record<string, FineTuningJob> = {};
  const outputs: Record<string, ModelOutputs> = {};

  for (const name of trainingOrder(config.models)) {
    const model = config.models[name]!;
    const plan = plans[name]!;
    const base = rootBase(config.models, name);
    const estimate = unread(plan.training) ? undefined : estimateTraining({
      stats: plan.training.result.stats,
      baseModel: base,
      nEpochs: model.method.hyperparameters.n_epochs ?? "auto",
      trainingType: model.trainingType,
      ...(config.prices ? { prices: config.prices } : {}),
    });
    const warnings = [...plan.training.result.findings, ...(plan.validation?.result.findings ?? [])];

    const fileResource = (suffix: string, planned: PlannedFile | PlannedRemote) =>
      new TrainingFile(`${name}-${suffix}`, {
        target,
        path: planned.path,
        sha256: planned.result.stats.sha256,
        ...(unread(planned) ? {} : { bytes: planned.result.stats.bytes, examples: planned.result.stats.examples }),
        ...("url" in planned ? { contentUrl: planned.url } : {}),
      });
    const trainingFile = fileResource("training", plan.training);
    const validationFile = plan.validation ? fileResource("validation", plan.validation) : undefined;
    // Line 0 is a finding about the whole file.
    for (const w of warnings) pulumi.log.warn(`${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.rule}: ${w.message}`, trainingFile);

    const baseModel = typeof model.baseModel === "string" ? pulumi.output(model.baseModel) : jobs[model.baseModel.from]!.fineTunedModel.apply((m) => m ?? "");
    const job = new FineTuningJob(name, {
      target,
      modelName: name,
      baseModel,
      trainingFileId: trainingFile.fileId,
      trainingFileSha256: plan.training.result.stats.sha256,
      ...(validationFile && plan.validation
        ? { validationFileId: validationFile.fileId, validationFileSha256: plan.validation.result.stats.sha256 }
        : {}),
      method: { type: model.method.type, hyperparameters: { ...model.method.hyperparameters } as Record<string, number | "auto"> },
      ...(model.seed !== undefined ? { seed: model.seed } : {}),
      ...(model.suffix ? { suffix: model.suffix } : {}),
      trainingType: model.trainingType,
      ...(model.metadata ? { metadata: model.metadata } : {}),
      wait: model.wait === false ? { enabled: false, timeoutMinutes: 0 } : { enabled: true, timeoutMinutes: model.wait === true ? 24 * 60 : model.wait.timeoutMinutes },
      deleteModelOnDestroy: model.deleteModelOnDestroy,
      ...(model.adoptJobId ? { adoptJobId: model.adoptJobId } : {}),
      reportsDir: `reports/out/${pulumi.getStack()}/${name}`,
      ...(estimate ? { estimate: summarizeEstimate(estimate) } : {}),
      findings: summarizeFindings(warnings),
      // Thresholds only: the deployment's checkpoint rule stays out, so changing it never touches the job.
      quality: { ...model.quality },
      deploysBestCheckpoint: model.deployment?.checkpoint !== undefined && bestMetricOf(model.deployment.checkpoint as CheckpointSelector) !== undefined,
    }, { protect: model.protect === true });
    jobs[name] = job;

    let deployed: Awaited<ReturnType<typeof declareDeployment>> | undefined;
    if (model.deployment) {
      const d = model.deployment;
      const selector = d.checkpoint as CheckpointSelector | undefined;
      // Unknown until the job has finished: the preview then says the rule, and the choice comes after training.
      const chosen = selector
        ? pulumi.all([job.checkpoints, job.resolvedHyperparameters]).apply(([checkpoints, resolved]) =>
            checkpoints ? chooseCheckpoint(checkpoints, selector, epochsOfJob({ resolvedEpochs: resolved?.n_epochs, checkpoints })) : undefined,
          )
        : undefined;
      const deployedModel = chosen ? chosen.apply((c) => c?.id) : job.fineTunedModel;
      deployed = await declareDeployment(
        name,
        target,
        d,
        deployedModel,
        {
          jobStatus: job.status,
          jobEstimatedFinish: job.estimatedFinish,
          ...(selector && chosen ? { checkpoint: { rule: describeSelector(selector), reason: chosen.apply((c) => c?.reason) } } : {}),
        },
        model.evaluation,
        projectDir,
        { protect: model.protect === true },
      );
    }
    outputs[name] = {
      jobId: job.jobId,
      status: job.status,
      fineTunedModel: job.fineTunedModel,
      trainedTokens: job.trainedTokens,
      metrics: job.metrics,
      checkpoints: job.checkpoints,
      estimate: job.estimate,
      resultsCsvPath: job.resultsCsvPath,
      charts: job.charts,
      quality: model.deployment?.checkpoint ? job.qualitySignals.apply((q) => q && withoutAppliedAdvice(q)) : job.qualitySignals,
      account: config.account.name,
      accountId: accountIdOf(config),
      ...(deployed ? deployed : {}),
    };
  }
  return outputs;
}
