// Did the service take the job as asked? (pure). A surface that ignores a field it does not define (the dated
// SupervisedMethodRequest has no hyperparameters) silently trains with automatic values; comparing what the
// job reports with what was asked turns that into a clear error instead of a paid, wrong model.
import { TRAINING_TYPE_WIRE } from "../azure/wire";
import type { CreateJobBody, FoundryJob } from "./data-plane-types";

type Numbers = Record<string, unknown>;

/**
 * Older pending jobs report placeholders, `{n_epochs: -1, batch_size: -1, learning_rate_multiplier: 1}`: nothing is
 * resolved while n_epochs is -1 (the 1 is a placeholder too). Azure now echoes the requested values at once on a
 * pending job [R-CREATE], so those are checked as soon as they are reported, pending or not.
 */
function isPlaceholder(job: FoundryJob, type: string): boolean {
  const epochs = reported(job, type, "n_epochs");
  return epochs === -1 || (job.status === "pending" && epochs === undefined);
}

/** What the job reports for one hyperparameter: the method's own block first, then the top-level one. */
function reported(job: FoundryJob, type: string, key: string): unknown {
  return methodBlock(job, type)?.[key] ?? (job.hyperparameters as Numbers | undefined)?.[key];
}

function methodBlock(job: FoundryJob, type: string | undefined): Numbers | undefined {
  const method = (job as { method?: Record<string, { hyperparameters?: Numbers } | string> }).method;
  return type && method && typeof method[type] === "object"
    ? (method[type] as { hyperparameters?: Numbers }).hyperparameters
    : undefined;
}

/**
 * The hyperparameters a job reports: its method's block when it has one (Azure's DPO job has no top-level
 * `hyperparameters`, its values and beta and l2_multiplier are under method.dpo [REC-DPO]), else the top-level
 * block (a job without `method` [REC-JOB]). Undefined when it reports neither.
 */
export function reportedHyperparameters(job: FoundryJob): Numbers | undefined {
  const type = (job as { method?: { type?: unknown } }).method?.type;
  return (
    methodBlock(job, typeof type === "string" ? type : undefined) ??
    (job.hyperparameters as Numbers | undefined) ??
    undefined
  );
}

/** Differences between the request and the job, one line each; empty when they agree (or nothing is resolved yet). */
export function jobMismatches(body: CreateJobBody, job: FoundryJob): string[] {
  const problems: string[] = [];
  // The tier is echoed at once, in its own spelling (standard, globalStandard, developerTier) [REC-CREATE]: compared without case.
  const tier = (job as { trainingType?: unknown }).trainingType;
  if (
    body.trainingType &&
    typeof tier === "string" &&
    tier.toLowerCase() !== TRAINING_TYPE_WIRE[body.trainingType].toLowerCase()
  ) {
    problems.push(`trainingType: asked ${body.trainingType}, the service reports ${tier}`);
  }
  const method = body.method;
  if (!method) return problems;
  const reportedType = (job as { method?: { type?: string } }).method?.type;
  if (reportedType && reportedType !== method.type)
    problems.push(`method: asked ${method.type}, the service reports ${reportedType}`);
  if (isPlaceholder(job, method.type)) return problems;
  const asked = ((method as unknown as Record<string, { hyperparameters?: Numbers } | undefined>)[method.type]
    ?.hyperparameters ?? {}) as Numbers;
  for (const [key, value] of Object.entries(asked)) {
    if (typeof value !== "number") continue; // "auto": anything the service picks is right
    const got = reported(job, method.type, key);
    if (got === -1) continue; // one value not resolved yet
    if (typeof got === "number" && Math.abs(got - value) > 1e-9 * Math.max(1, Math.abs(value))) {
      problems.push(`${key}: asked ${value}, the service reports ${got}`);
    }
  }
  return problems;
}
