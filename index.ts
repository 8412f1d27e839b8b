// Composition root: stack config -> resources -> outputs. See README.md and resources/stack.ts.
import "./resources/module-loading"; // first: the modules below load through its faster compiler and cache
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./resources/config";
import { DatasetError } from "./resources/dataset-plan";
import { declarePromotions, PromotionError } from "./resources/promotion";
import { skipFormattingPromiseTrackingTraces } from "./resources/promise-stack-traces";
import { PreflightError } from "./resources/preflight";
import { declareStack, readStackConfig } from "./resources/stack";

skipFormattingPromiseTrackingTraces();

export = async () => {
  try {
    const config = readStackConfig();
    const trained = await declareStack(__dirname, config);
    const promoted = await declarePromotions(__dirname, config);
    return { target: config.target, account: config.account.name, models: { ...trained, ...promoted } };
  } catch (error) {
    // Bad config, bad data or a failed gate is the user's to act on: show the message, not a stack trace.
    if (error instanceof ConfigError || error instanceof DatasetError || error instanceof PromotionError || error instanceof PreflightError) throw new pulumi.RunError(error.message);
    throw error;
  }
};
