// The package's entry for other Pulumi programs (`import { declareFineTunedModels } from "foundry-finetune"`);
// this project's own program is index.ts. See examples/ and the README's "Use it from your own program".
import "./startup/module-loading"; // first: the modules below load through its faster compiler and cache

export type { AccountInput } from "./program/account-input";
export type { FineTunedModelInput } from "./program/config";
export { FineTunedModel, type FineTunedModelArgs, type FineTunedModelSpec } from "./program/fine-tuned-model";
export type { DeploymentOutputs, EvaluationOutputs, ModelOutputs } from "./program/model-outputs";
export type { ServiceSpec } from "./program/model-spec";
export { declareFineTunedModels, type FineTunedModelsSpec } from "./program/package-api";
