// Composition root: stack config -> model components -> outputs. See README.md and program/declare-models.ts.
import "./startup/module-loading"; // first: the modules below load through its faster compiler and cache
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./program/config";
import { DatasetError } from "./program/dataset-plan";
import { declareModels, modelOutputs } from "./program/declare-models";
import { PreflightError } from "./program/preflight/preflight";
import { declarePromotions, PromotionError } from "./program/promotion";
import { readStackConfig } from "./program/stack-config";
import { skipFormattingPromiseTrackingTraces } from "./startup/promise-stack-traces";

skipFormattingPromiseTrackingTraces();

export = async () => {
  try {
    const config = readStackConfig();
    const trained = modelOutputs(await declareModels(__dirname, config));
    const promoted = await declarePromotions(__dirname, config);
    return { target: config.target, account: config.account.name, models: { ...trained, ...promoted } };
  } catch (error) {
    // Bad config, bad data or a failed gate is the user's to act on: show the message, not a stack trace.
    if (error instanceof ConfigError || error instanceof DatasetError || error instanceof PromotionError || error instanceof PreflightError)
      throw new pulumi.RunError(error.message);
    throw error;
  }
};
