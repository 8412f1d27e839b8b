// Public API of the dataset validator: rules, statistics, token counts, billed-token and cost estimates.

export { hashFileCached, validateFileCached } from "./cache";
export { estimateHosting, estimateTraining, formatEstimate } from "./estimate";
export { countBySeverity, formatFinding } from "./findings";
export { checkJobFiles } from "./job-files";
export { errorRules, RULES } from "./rules";
export { hashFile } from "./scan";
export { countExampleTokens, textCounter } from "./tokens";
export type { Method, Purpose, ValidateOptions } from "./types";
export { MAX_FILE_BYTES, validateFile } from "./validator";
