// Planning one dataset file, before any resource exists: validate it and count its tokens (through the
// content-identity cache), gate a stack's files on their errors, and summarise for the job's inputs. Errors
// stop the preview with file:line:rule and nothing is uploaded. program/model-plan.ts plans whole models.
import path from "node:path";
import type { EstimateSummary, FindingSummary } from "../resources/fine-tuning-job/contract";
// Module by module, not the index: the index loads the tokenizer, which a cached (unchanged) preview never needs.
import { validateFileCached } from "../validate/cache";
import type { TrainingEstimate } from "../validate/estimate";
import { formatFinding } from "../validate/findings";
import type { Finding, Method, ValidationResult } from "../validate/types";

export class DatasetError extends Error {}

export interface PlannedFile {
  path: string;
  result: ValidationResult;
}

export async function planFile(
  projectDir: string,
  file: string,
  purpose: "training" | "validation",
  method: Method,
  baseModel: string,
  maxFileBytes?: number,
): Promise<PlannedFile> {
  const absolute = path.resolve(projectDir, file);
  const options = { purpose, method, baseModel, tokens: true, ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) };
  const result = await validateFileCached(absolute, options, path.join(projectDir, ".cache", "validate")).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new DatasetError(`${file}: file not found`);
      throw error;
    },
  );
  // Findings name the file as the user wrote it in config, not as an absolute path.
  const findings = result.findings.map((f) => ({ ...f, file }));
  return { path: file, result: { ...result, findings } };
}

/** Throws one error listing every error finding of every file, or returns the warnings and infos. */
export function gate(files: PlannedFile[]): Finding[] {
  const all = files.flatMap((f) => f.result.findings);
  const errors = all.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    throw new DatasetError(
      `dataset validation failed; nothing was uploaded:\n${errors.map((f) => `  ${formatFinding(f)}`).join("\n")}`,
    );
  }
  return all;
}

export function summarizeEstimate(estimate: TrainingEstimate): EstimateSummary {
  return {
    examples: estimate.examples,
    trainingTokens: estimate.trainingTokens,
    billedTokens: estimate.billedTokens,
    epochs: estimate.epochs,
    epochsEstimated: estimate.epochsEstimated,
    ...(estimate.estimatedCostUsd !== undefined
      ? { estimatedCostUsd: Math.round(estimate.estimatedCostUsd * 100) / 100 }
      : {}),
    currency: estimate.currency,
    priceDate: estimate.priceDate,
  };
}

export function summarizeFindings(findings: Finding[]): FindingSummary[] {
  return findings.map(({ file, line, rule, severity, message }) => ({ file, line, rule, severity, message }));
}
