// Wire shapes of the objects the service stores and returns (Azure's field names).
import type { MethodType } from "../../azure/methods";

type FileStatus = "pending" | "running" | "processed" | "error" | "deleted";
export interface FileDoc {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: FileStatus;
  status_details: string | null;
  expires_at: number | null;
}

export type JobStatus =
  | "pending"
  | "running"
  | "pausing"
  | "paused"
  | "resuming"
  | "succeeded"
  | "failed"
  | "cancelled";
export const ACTIVE_JOB_STATES: JobStatus[] = ["running", "pausing", "paused", "resuming"];
export const TERMINAL_JOB_STATES: JobStatus[] = ["succeeded", "failed", "cancelled"];

export interface HyperparametersDoc {
  n_epochs: number;
  batch_size: number;
  learning_rate_multiplier: number;
  beta?: number;
  l2_multiplier?: number; // DPO jobs only
}
/** The methods this service trains: the catalogue's (azure/methods.ts). */
export type { MethodType };
export type MethodDoc =
  | { type: "supervised"; supervised: { hyperparameters: HyperparametersDoc } }
  | { type: "dpo"; dpo: { hyperparameters: HyperparametersDoc } };
/** The method echo of a job: its (resolved, or while pending unresolved) hyperparameters under its method type. */
export function methodDoc(type: MethodType, hyperparameters: HyperparametersDoc): MethodDoc {
  return type === "dpo" ? { type, dpo: { hyperparameters } } : { type, supervised: { hyperparameters } };
}
/**
 * A job as stored. Azure omits unset fields rather than sending null [REC-JOB]: the routes drop the null ones
 * (jobWire). A DPO job has no top-level `hyperparameters`; its values live under method.dpo.hyperparameters.
 */
export interface JobDoc {
  id: string;
  object: "fine_tuning.job";
  created_at: number;
  finished_at: number | null;
  estimated_finish: number | null;
  status: JobStatus;
  model: string;
  fine_tuned_model: string | null;
  training_file: string;
  validation_file: string | null;
  result_files: string[] | null;
  trained_tokens: number | null;
  seed: number;
  suffix: string | null;
  user_provided_suffix: string | null;
  error: { code: string; message: string; param: string | null } | null;
  integrations: unknown[] | null;
  method: MethodDoc;
  metadata: Record<string, string> | null;
  additionalParameters: Record<string, string>;
  hyperparameters?: HyperparametersDoc;
  trainingType: string;
}
/** The wire form of a job or file: unset (null) fields are omitted, as Azure does. */
export function withoutNulls<T extends object>(doc: T): Partial<T> {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
/** What the runner needs beyond the wire object. */
export interface JobInternal {
  requested: {
    n_epochs?: number | "auto";
    batch_size?: number | "auto";
    learning_rate_multiplier?: number | "auto";
    beta?: number | "auto";
    l2_multiplier?: number | "auto"; // DPO only
  };
  /** The training method; absent (jobs stored before DPO existed) means supervised. */
  method?: MethodType;
  /** Continuous fine-tuning: the checkpoint whose weights are the starting point. */
  baseCheckpointId: string | null;
  /** Deleted through the API: hidden from reads, its model stays usable. */
  deleted?: boolean;
}

export interface MetricsDoc {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
  full_valid_loss?: number;
  full_valid_mean_token_accuracy?: number;
}
export interface EventDoc {
  id: string;
  object: "fine_tuning.job.event";
  created_at: number;
  level: "info" | "warning" | "error";
  message: string;
  type: "message" | "metrics";
  data?: MetricsDoc;
}
export interface CheckpointDoc {
  id: string;
  object: "fine_tuning.job.checkpoint";
  created_at: number;
  fine_tuned_model_checkpoint: string;
  fine_tuning_job_id: string;
  step_number: number;
  metrics: MetricsDoc;
}

export interface DeploymentDoc {
  id: string;
  name: string;
  type: "Microsoft.CognitiveServices/accounts/deployments";
  etag: string;
  sku: { name: string; capacity: number; [k: string]: unknown };
  properties: {
    model: { format: string; name: string; version: string; source?: string; sourceAccount?: string };
    provisioningState: string;
    raiPolicyName?: string;
    versionUpgradeOption?: string;
    capabilities: Record<string, string>;
    rateLimits: unknown[];
    [k: string]: unknown;
  };
  systemData: {
    createdAt: string;
    createdBy: string;
    createdByType: string;
    lastModifiedAt: string;
    lastModifiedBy: string;
    lastModifiedByType: string;
  };
  tags?: Record<string, string>;
}
export interface DeploymentInternal {
  /** Account and checkpoint whose weights answer chat completions. */
  modelAccount: string;
  checkpointId: string;
  createdMs: number;
  lastUsedMs: number;
  /** Set once the first provisioning finished; the deployment then serves, also while it is being updated. */
  provisioned?: boolean;
  /** When the first provisioning finished (ms); inference warms up from then. */
  readyMs?: number;
}
/** How an operation's status reads on the wire: Azure says `Running` while it is in flight [REC-ARM]. */
export const OPERATION_WIRE_STATUS: Record<OperationRow["status"], string> = {
  InProgress: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Canceled: "Canceled",
};
export interface OperationRow {
  id: string;
  account: string;
  deployment: string;
  kind: "create" | "update" | "delete";
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  started_at: string;
  ended_at: string | null;
  error: string | null;
}
