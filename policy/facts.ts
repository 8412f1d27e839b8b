// What the policies read from our resources' inputs, as plain values (pure). Policies see our dynamic
// resources as `pulumi-nodejs:dynamic/foundry:<Kind>`; the job carries the cost estimate the program computed
// from the validated dataset (program/declare-models.ts -> FineTuningJob.estimate).
import { dynamicResourceType, RESOURCE_TYPE_NAMES } from "../resources/shared/type-tokens";

export const JOB_TYPE = dynamicResourceType(RESOURCE_TYPE_NAMES.job);
export const DEPLOYMENT_TYPE = dynamicResourceType(RESOURCE_TYPE_NAMES.deployment);
export const TRAINING_FILE_TYPE = dynamicResourceType(RESOURCE_TYPE_NAMES.file);

export interface JobFacts {
  /** The model's key in stack config. */
  model: string;
  trainingType: string;
  hasValidationFile: boolean;
  suffix?: string;
  /** USD; undefined when the base model has no known price. */
  estimatedCostUsd?: number;
  billedTokens?: number;
  /** When the base model retires for fine-tuning (ISO), as the preflight read it from the account's model list. */
  fineTuneRetirement?: string;
}

export interface DeploymentFacts {
  model: string;
  name: string;
  sku: string;
  capacity: number;
  raiPolicyName?: string;
  /** USD a month of hosting costs, as the program priced it; undefined when it has no price. */
  hostingPerMonthUsd?: number;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export function jobFacts(props: Record<string, unknown>, resourceName: string): JobFacts {
  const estimate = (props.estimate ?? {}) as Record<string, unknown>;
  const suffix = str(props.suffix);
  const retirement = str(((props.retirement ?? {}) as Record<string, unknown>).fineTune);
  const cost = num(estimate.estimatedCostUsd);
  const billed = num(estimate.billedTokens);
  return {
    model: str(props.modelName) ?? resourceName,
    trainingType: str(props.trainingType) ?? "",
    // The sha256 is a plain input known at preview; the file id may still be unknown then.
    hasValidationFile: Boolean(str(props.validationFileSha256)),
    ...(suffix ? { suffix } : {}),
    ...(cost !== undefined ? { estimatedCostUsd: cost } : {}),
    ...(billed !== undefined ? { billedTokens: billed } : {}),
    ...(retirement ? { fineTuneRetirement: retirement } : {}),
  };
}

export function deploymentFacts(props: Record<string, unknown>, resourceName: string): DeploymentFacts {
  const sku = (props.sku ?? {}) as Record<string, unknown>;
  const rai = str(props.raiPolicyName);
  const hosting = num(((props.hosting ?? {}) as Record<string, unknown>).perMonthUsd);
  return {
    model: str(props.modelName) ?? resourceName,
    name: str(props.name) ?? resourceName,
    sku: str(sku.name) ?? "",
    capacity: num(sku.capacity) ?? 0,
    ...(rai ? { raiPolicyName: rai } : {}),
    ...(hosting !== undefined ? { hostingPerMonthUsd: hosting } : {}),
  };
}
