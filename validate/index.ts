// Public API of the dataset validator: rules, statistics, token counts, billed-token and cost estimates.

export type { FileStats, Finding, Method, Purpose, Severity, TokenStats, ValidateOptions, ValidationResult } from "./types";
export { validateFile, MAX_FILE_BYTES, type ScanModes } from "./validator";
export { hashFile } from "./scan";
export { validateFileCached, hashFileCached, CACHE_VERSION } from "./cache";
export { checkJobFiles } from "./job-files";
export { RULES, ruleList, errorRules, type RuleId, type RuleInfo } from "./rules";
export { formatFinding, countBySeverity } from "./findings";
export { resolveBaseModel, rootModelName, encodingFor, fineTunableModels, type BaseModelInfo, type Encoding } from "./models";
export { countExampleTokens, textCounter } from "./tokens";
export { estimateTraining, estimateHosting, formatEstimate, priceFor, type TrainingEstimate, type HostingEstimate, type EstimateInput } from "./estimate";
export { autoEpochs } from "./methods";
export { DEFAULT_PRICES, PRICE_DATE, PRICE_SOURCE, CURRENCY, type ModelPrice, type PriceTable } from "./prices";
