// Public API of the dataset validator: rules, statistics, token counts, billed-token and cost estimates.

export type { Method, Purpose, ValidateOptions } from "./types";
export { validateFile, MAX_FILE_BYTES } from "./validator";
export { hashFile } from "./scan";
export { validateFileCached, hashFileCached } from "./cache";
export { checkJobFiles } from "./job-files";
export { RULES, errorRules } from "./rules";
export { formatFinding, countBySeverity } from "./findings";
export { resolveBaseModel, rootModelName } from "./models";
export { countExampleTokens, textCounter } from "./tokens";
export { estimateTraining, estimateHosting, formatEstimate } from "./estimate";
export { autoEpochs } from "./methods";
export { PRICE_DATE } from "./prices";
