// PromotedModel: a model this stack deploys from another stack's training, as a component parenting its
// deployment and evaluation. No TrainingFile and no FineTuningJob: promotion never trains.
import * as pulumi from "@pulumi/pulumi";
import type { TargetInputs } from "../resources/shared/target-inputs";
import type { PromotedModelConfig } from "./config";
import { type DeploymentExtras, declareDeployment, type PlannedEvaluation } from "./deployment";
import { childOptions, MODEL_COMPONENT_TYPES } from "./model-component";
import type { DeploymentOutputs, EvaluationOutputs } from "./model-outputs";

export interface PromotedModelArgs {
  target: TargetInputs;
  promotion: PromotedModelConfig;
  /** The fine-tuned model (or checkpoint) the gates let through. */
  model: string;
  extra: DeploymentExtras;
  evaluation?: PlannedEvaluation;
}

export class PromotedModel extends pulumi.ComponentResource {
  public readonly deployment: DeploymentOutputs;
  public readonly evaluation?: EvaluationOutputs;

  constructor(name: string, args: PromotedModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MODEL_COMPONENT_TYPES.promoted, name, {}, opts);
    const deployed = declareDeployment(
      name,
      args.target,
      args.promotion.deployment,
      args.model,
      args.extra,
      args.evaluation,
      {
        ...childOptions(this),
        protect: args.promotion.protect === true,
      },
    );
    this.deployment = deployed.deployment;
    if (deployed.evaluation) this.evaluation = deployed.evaluation;
    this.registerOutputs({ endpoint: deployed.deployment.endpoint, deploymentName: deployed.deployment.name });
  }
}
