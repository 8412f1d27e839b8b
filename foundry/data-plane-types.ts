// Wire shapes of the data plane as Azure sends them: openai's types widened where Azure differs
// (extra statuses, estimated_finish, trainingType). Snake_case, like the wire.
import type { FileObject } from "openai/resources/files";
import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import type { FineTuningJob, FineTuningJobEvent, JobCreateParams } from "openai/resources/fine-tuning/jobs/jobs";
import type { TrainingTier } from "../azure/model-tiers";

/** Azure file statuses (`uploaded`/`deleting` exist for compatibility only). */
type FileStatus = "pending" | "running" | "processed" | "error" | "deleted" | "uploaded" | "deleting";

export type FoundryFile = Omit<FileObject, "status" | "bytes"> & {
  status: FileStatus;
  /** May be absent while pending. */
  bytes?: number | null;
};

/** Azure job statuses: the dated enum plus OpenAI's, which v1 schemas name. */
type JobStatus =
  | "created"
  | "pending"
  | "validating_files"
  | "queued"
  | "running"
  | "pausing"
  | "paused"
  | "resuming"
  | "succeeded"
  | "failed"
  | "cancelled";

/** The statuses a job never leaves: nothing more to follow, and it can be deleted but not cancelled. */
const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

export function isTerminalJobStatus(status: string): boolean {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

export type FoundryJob = Omit<FineTuningJob, "status" | "estimated_finish"> & {
  status: JobStatus;
  estimated_finish?: number | null;
  trainingType?: string;
  suffix?: string | null;
};

export type FoundryJobEvent = FineTuningJobEvent;
export type FoundryCheckpoint = FineTuningJobCheckpoint;

/** What a job create sends: openai's params plus Azure's top-level training tier. */
export type CreateJobBody = JobCreateParams & { trainingType?: TrainingTier };
