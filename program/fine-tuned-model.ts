// FineTunedModel: one model of the stack as a component, parenting its training files, its job, its deployment
// and its evaluation, so `pulumi preview` shows a tree per model and the PR report reads which resources belong
// to which model from their parent.
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_THRESHOLDS } from "../analysis/quality";
import type { Retirement } from "../resources/fine-tuning-job/contract";
import type { FineTuningJob } from "../resources/fine-tuning-job/resource";
import type { TargetInputs } from "../resources/shared/target-inputs";
import {
  bestMetricOf,
  type CheckpointSelector,
  chooseCheckpoint,
  describeSelector,
  epochsOfJob,
} from "./checkpoint-selection";
import type { FineTunedModelInput, TrainedModelConfig } from "./config";
import { summarizeFindings } from "./dataset-plan";
import { declareDeployment } from "./deployment";
import { type JobView, lateJob, lateModelOutputs } from "./late-outputs";
import { childOptions, MODEL_COMPONENT_TYPES } from "./model-component";
import type { ModelOutputs } from "./model-outputs";
import { type ModelPlan, type PlannedDataset, unread } from "./model-plan";
import { planModelSpec, type ServiceSpec } from "./model-spec";
import { qualityOf } from "./quality-judgement";
import { type Declared, DYNAMIC_RESOURCES, type ResourceFamily } from "./resource-family";

export interface FineTunedModelArgs {
  /** Where the service is; an Output when the account is another resource's (known at `up`). */
  target: pulumi.Input<TargetInputs>;
  /** The account's name and ARM id, exported with the model (a promoting stack reads them). */
  account: { name: pulumi.Input<string>; id: pulumi.Input<string> };
  /** The model's entry in stack config, parsed (program/config.ts). */
  model: TrainedModelConfig;
  /** Its datasets validated, its estimate and findings (program/model-plan.ts). */
  plan: ModelPlan;
  /** The base model: the config's name, or the fine-tuned model of the entry named by `{ from }`. */
  baseModel: pulumi.Input<string>;
  /** Where the job writes results.csv and charts, relative to the project. */
  reportsDir: string;
  /** The base model's retirement dates, read by the preflight from the account's model list. */
  retirement?: pulumi.Input<Retirement | undefined>;
  /** The resources it declares: the dynamic ones (default), or the provider plugin's. */
  resources?: ResourceFamily;
}

/**
 * One model as a program writes it: the keys of a model in stack config (`FineTunedModelInput`), the folder its
 * paths are relative to, and the service as declareFineTunedModels takes it (keys left out come from the stack's
 * `foundry-finetune:` config).
 */
export type FineTunedModelSpec = FineTunedModelInput & {
  /** The folder that dataset and evaluation paths are relative to (usually the program's `__dirname`). */
  projectDir: string;
  service?: ServiceSpec;
};

const isPlanned = (args: FineTunedModelArgs | FineTunedModelSpec): args is FineTunedModelArgs =>
  "plan" in args && "reportsDir" in args;

export class FineTunedModel extends pulumi.ComponentResource {
  /** The job's URN and outputs. */
  public readonly job: JobView;
  public readonly outputs: ModelOutputs;

  /**
   * `args`: the model's keys as in stack config (checked now; planned, preflighted and declared as
   * declareFineTunedModels does it), or the planned args this project's stacks give.
   */
  constructor(name: string, args: FineTunedModelSpec, opts?: pulumi.ComponentResourceOptions);
  constructor(name: string, args: FineTunedModelArgs, opts?: pulumi.ComponentResourceOptions);
  constructor(name: string, args: FineTunedModelArgs | FineTunedModelSpec, opts?: pulumi.ComponentResourceOptions) {
    super(MODEL_COMPONENT_TYPES.trained, name, {}, opts);
    if (isPlanned(args)) {
      const declared = this.declareResources(name, args);
      this.job = declared.job;
      this.outputs = declared.outputs;
      this.registerOutputs(declared.registered);
      return;
    }
    const { model, planned } = planModelSpec(name, args);
    const declared = planned.then((p) => this.declareResources(name, p));
    this.job = lateJob(declared.then((d) => d.job));
    this.outputs = lateModelOutputs(
      declared.then((d) => d.outputs),
      model,
    );
    // A failure to plan or to pass the preflight fails the component's registration: the CLI shows its message.
    this.registerOutputs(declared.then((d) => d.registered));
  }

  private declareResources(
    name: string,
    args: FineTunedModelArgs,
  ): { job: Declared<FineTuningJob>; outputs: ModelOutputs; registered: pulumi.Inputs } {
    const { target, model, plan } = args;
    // Unset unless the model asks, so a `protect` on the component (or its parent) reaches its resources.
    const protect = model.protect === true ? { protect: true } : {};
    const resources = args.resources ?? DYNAMIC_RESOURCES;

    const fileResource = (suffix: string, planned: PlannedDataset) =>
      resources.trainingFile(
        `${name}-${suffix}`,
        {
          target,
          path: planned.path,
          sha256: planned.result.stats.sha256,
          ...(unread(planned) ? {} : { bytes: planned.result.stats.bytes, examples: planned.result.stats.examples }),
          ...("url" in planned ? { contentUrl: planned.url } : {}),
        },
        childOptions(this),
      );
    const trainingFile = fileResource("training", plan.training);
    const validationFile = plan.validation ? fileResource("validation", plan.validation) : undefined;
    // Line 0 is a finding about the whole file.
    for (const w of plan.findings)
      pulumi.log.warn(`${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.rule}: ${w.message}`, trainingFile);

    const job = resources.fineTuningJob(
      name,
      {
        target,
        modelName: name,
        baseModel: args.baseModel,
        trainingFileId: trainingFile.fileId,
        trainingFileSha256: plan.training.result.stats.sha256,
        ...(validationFile && plan.validation
          ? { validationFileId: validationFile.fileId, validationFileSha256: plan.validation.result.stats.sha256 }
          : {}),
        method: {
          type: model.method.type,
          hyperparameters: { ...model.method.hyperparameters } as Record<string, number | "auto">,
        },
        ...(model.seed !== undefined ? { seed: model.seed } : {}),
        ...(model.suffix ? { suffix: model.suffix } : {}),
        trainingType: model.trainingType,
        ...(model.trainingTypeDefaulted ? { trainingTypeDefaulted: true } : {}),
        ...(args.retirement ? { retirement: args.retirement } : {}),
        ...(model.metadata ? { metadata: model.metadata } : {}),
        wait:
          model.wait === false
            ? { enabled: false, timeoutMinutes: 0 }
            : { enabled: true, timeoutMinutes: model.wait === true ? 24 * 60 : model.wait.timeoutMinutes },
        ...(model.retrain ? { retrain: model.retrain } : {}),
        ...(model.adoptJobId ? { adoptJobId: model.adoptJobId } : {}),
        reportsDir: args.reportsDir,
        ...(plan.estimate ? { estimate: plan.estimate } : {}),
        findings: summarizeFindings(plan.findings),
      },
      { ...childOptions(this), ...protect },
    );
    if (model.deleteModelOnDestroy) {
      // Not a job input (destroy could not act on it anyway): said where the user sets it, at preview and up.
      pulumi.log.warn(
        `${name}: deleteModelOnDestroy: the service has no API to delete a fine-tuned model, so destroy keeps it; delete it in the Foundry portal`,
        job,
      );
    }

    let deployed: ReturnType<typeof declareDeployment> | undefined;
    if (model.deployment) {
      const d = model.deployment;
      const selector = d.checkpoint as CheckpointSelector | undefined;
      // Unknown until the job has finished: the preview then says the rule, and the choice comes after training.
      const chosen = selector
        ? pulumi
            .all([job.checkpoints, job.resolvedHyperparameters])
            .apply(([checkpoints, resolved]) =>
              checkpoints
                ? chooseCheckpoint(
                    checkpoints,
                    selector,
                    epochsOfJob({ resolvedEpochs: resolved?.n_epochs, checkpoints }),
                  )
                : undefined,
            )
        : undefined;
      deployed = declareDeployment(
        name,
        target,
        d,
        chosen ? chosen.apply((c) => c?.id) : job.fineTunedModel,
        {
          jobStatus: job.status,
          jobEstimatedFinish: job.estimatedFinish,
          modelReused: job.reused,
          ...(selector && chosen
            ? { checkpoint: { rule: describeSelector(selector), reason: chosen.apply((c) => c?.reason) } }
            : {}),
          ...(plan.hosting ? { hosting: plan.hosting } : {}),
        },
        plan.evaluation,
        { ...childOptions(this), ...protect },
        resources,
      );
    }
    const outputs: ModelOutputs = {
      jobId: job.jobId,
      status: job.status,
      reused: job.reused.apply((r) => r === true),
      reusedFrom: job.reusedFrom.apply((r) => r ?? undefined),
      fineTunedModel: job.fineTunedModel,
      trainedTokens: job.trainedTokens,
      metrics: job.metrics,
      checkpoints: job.checkpoints,
      estimate: job.estimate,
      resultsCsvPath: job.resultsCsvPath,
      charts: job.charts,
      // Judged here by the model's thresholds, not by the job: changing one updates nothing.
      quality: qualityOf(name, job, {
        thresholds: { ...DEFAULT_THRESHOLDS, ...model.quality },
        deploysBestCheckpoint:
          model.deployment?.checkpoint !== undefined &&
          bestMetricOf(model.deployment.checkpoint as CheckpointSelector) !== undefined,
        deploysCheckpoint: model.deployment?.checkpoint !== undefined,
      }),
      account: args.account.name,
      accountId: args.account.id,
      ...(args.retirement ? { retirement: args.retirement } : {}),
      ...(deployed ?? {}),
    };
    const registered = {
      jobId: job.jobId,
      fineTunedModel: job.fineTunedModel,
      ...(deployed ? { endpoint: deployed.deployment.endpoint, deploymentName: deployed.deployment.name } : {}),
    };
    return { job, outputs, registered };
  }
}
