// Composition root: stack config -> model components -> outputs. See README.md and program/declare-models.ts.
import "./startup/module-loading"; // first: the modules below load through its faster compiler and cache
import { declareModels, modelOutputs } from "./program/declare-models";
import { declarePromotions } from "./program/promotion";
import { readStackConfig } from "./program/stack-config";
import { asProgramError } from "./program/user-errors";
import { skipFormattingPromiseTrackingTraces } from "./startup/promise-stack-traces";

skipFormattingPromiseTrackingTraces();

export = async () => {
  try {
    const config = readStackConfig();
    const trained = modelOutputs(await declareModels(__dirname, config));
    const promoted = await declarePromotions(__dirname, config);
    return { target: config.target, account: config.account.name, models: { ...trained, ...promoted } };
  } catch (error) {
    throw asProgramError(error);
  }
};
