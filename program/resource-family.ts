// Which resources a model component declares. A TypeScript program declares the dynamic resources; the
// component served by the provider plugin (provider-plugin/) declares the plugin's own custom resources
// (`foundry:index:*`), since a program in another language has no Node.js to run a dynamic provider.
import type * as pulumi from "@pulumi/pulumi";
import { Evaluation, type EvaluationArgs } from "../resources/evaluation/resource";
import { FineTuningJob, type FineTuningJobArgs } from "../resources/fine-tuning-job/resource";
import { ModelDeployment, type ModelDeploymentArgs } from "../resources/model-deployment/resource";
import { TrainingFile, type TrainingFileArgs } from "../resources/training-file/resource";

/** A resource as the component reads it: its declared outputs, whichever provider serves it. */
export type Declared<C> = pulumi.CustomResource & Omit<C, keyof pulumi.CustomResource>;

export interface ResourceFamily {
  trainingFile(name: string, args: TrainingFileArgs, opts: pulumi.CustomResourceOptions): Declared<TrainingFile>;
  fineTuningJob(name: string, args: FineTuningJobArgs, opts: pulumi.CustomResourceOptions): Declared<FineTuningJob>;
  modelDeployment(
    name: string,
    args: ModelDeploymentArgs,
    opts: pulumi.CustomResourceOptions,
  ): Declared<ModelDeployment>;
  evaluation(name: string, args: EvaluationArgs, opts: pulumi.CustomResourceOptions): Declared<Evaluation>;
}

export const DYNAMIC_RESOURCES: ResourceFamily = {
  trainingFile: (name, args, opts) => new TrainingFile(name, args, opts),
  fineTuningJob: (name, args, opts) => new FineTuningJob(name, args, opts),
  modelDeployment: (name, args, opts) => new ModelDeployment(name, args, opts),
  evaluation: (name, args, opts) => new Evaluation(name, args, opts),
};
