// An application's Pulumi program that trains and deploys its own support model with foundry-finetune, beside a
// resource of its own that points the app at the deployment. The service comes from this stack's
// `foundry-finetune:` config (the local service unless it names an Azure account), as in the package's stacks.

import * as pulumi from "@pulumi/pulumi";
import { declareFineTunedModels } from "foundry-finetune";
import { AppSettings } from "./app-settings";

export = async () => {
  const { support } = await declareFineTunedModels({
    projectDir: __dirname,
    models: {
      support: {
        baseModel: "gpt-4.1-mini-2025-04-14",
        trainingFile: "data/train.jsonl",
        suffix: "support",
        seed: 7,
        method: { type: "supervised", hyperparameters: { n_epochs: 2 } },
        deployment: { name: "support", sku: "Standard", capacity: 1 },
        evaluation: { file: "data/eval.jsonl" },
      },
    },
  });
  const deployment = support!.outputs.deployment!;
  const settings = new AppSettings("chat-settings", {
    file: `${__dirname}/settings/${pulumi.getStack()}.json`,
    settings: { deployment: deployment.name, endpoint: deployment.endpoint, model: support!.outputs.fineTunedModel },
  });
  return { model: support!.outputs.fineTunedModel, endpoint: deployment.endpoint, settingsFile: settings.id };
};
