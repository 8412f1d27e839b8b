// Fine-tuning jobs as the API sees them: create (after checking files and model), read, list, cancel,
// pause/resume, events and checkpoints. Training itself is the JobRunner's.
import { randomInt } from "node:crypto";
import {
  BASE_MODELS,
  EVENT_MESSAGES,
  FILE_NOT_VALID_CODE,
  JOB_ADDITIONAL_PARAMETERS,
  SEED_MAX,
  SHORT_MODEL_NAMES,
  TRAINING_TIERS,
} from "../azure-facts";
import { dataPlaneError, invalidPayload, notFound } from "../http/errors";
import { newId, nowSeconds } from "../ids";
import type { CheckpointRow, JobRow, JobStore } from "../store/jobs";
import type { Strictness } from "../strictness";
import { type AccountRegions, trainingTiers } from "./account-models";
import type { FileService } from "./files";
import { parseJobRequest } from "./job-request";
import type { JobRunner } from "./job-runner";
import { pendingHyperparameters } from "./pending-hyperparameters";
import type { CheckpointDoc, EventDoc, JobDoc } from "./types";
import { methodDoc, TERMINAL_JOB_STATES } from "./types";

export class JobService {
  constructor(
    private readonly jobs: JobStore,
    private readonly files: FileService,
    private readonly runner: JobRunner,
    private readonly strict: Strictness,
    private readonly regions: AccountRegions,
  ) {}

  create(account: string, body: unknown, surface: "dated" | "v1", apiVersion?: string): JobDoc {
    const req = parseJobRequest(body, { surface, strict: this.strict, apiVersion });
    // Azure accepts a short base-model name and answers with the dated one.
    if (Object.hasOwn(SHORT_MODEL_NAMES, req.model)) req.model = SHORT_MODEL_NAMES[req.model]!;
    let baseCheckpointId: string | null = null;
    if (!BASE_MODELS.includes(req.model)) {
      const base = this.findTrainedModel(account, req.model);
      if (!base) {
        throw invalidPayload(
          `The specified base model '${req.model}' does not support fine-tuning (not a base model or a fine-tuned model of this account).`,
          "model",
        );
      }
      baseCheckpointId = base.doc.id;
    }
    this.checkTrainingTier(account, rootBase(account, req.model, this.jobs), req.trainingType);
    this.checkFile(account, req.trainingFile, "training_file");
    if (req.validationFile) this.checkFile(account, req.validationFile, "validation_file");
    const created = nowSeconds();
    const pending = pendingHyperparameters(req.method, req.requested);
    const doc: JobDoc = {
      id: newId("ftjob-"),
      object: "fine_tuning.job",
      created_at: created,
      finished_at: null,
      estimated_finish: created + this.runner.secondsUntilStart(), // Azure estimates from creation on; the runner refines it
      status: "pending",
      model: req.model,
      fine_tuned_model: null,
      training_file: req.trainingFile,
      validation_file: req.validationFile,
      result_files: null,
      trained_tokens: null,
      seed: req.seed ?? randomInt(0, SEED_MAX),
      suffix: req.suffix,
      user_provided_suffix: req.suffix,
      error: null,
      integrations: req.integrations,
      method: methodDoc(req.method, pending),
      metadata: req.metadata,
      additionalParameters: { ...JOB_ADDITIONAL_PARAMETERS },
      ...(req.method === "dpo" ? {} : { hyperparameters: { ...pending } }),
      trainingType: req.trainingType,
    };
    this.jobs.insert(account, doc, { requested: req.requested, method: req.method, baseCheckpointId });
    this.runner.event(doc.id, "info", EVENT_MESSAGES.enqueued);
    this.runner.schedule(account);
    return doc;
  }

  get(account: string, id: string): JobDoc {
    return this.row(account, id).doc;
  }
  list(account: string): JobDoc[] {
    return this.jobs
      .list(account)
      .filter((r) => !r.internal.deleted)
      .map((r) => r.doc);
  }

  /** Dated DELETE: only terminal jobs; the job disappears from reads, its fine-tuned model stays. */
  delete(account: string, id: string): void {
    const row = this.row(account, id);
    if (!TERMINAL_JOB_STATES.includes(row.doc.status)) throw this.wrongState(row, "deleted");
    this.jobs.markDeleted(row);
  }

  cancel(account: string, id: string): JobDoc {
    const row = this.row(account, id);
    if (TERMINAL_JOB_STATES.includes(row.doc.status)) throw this.wrongState(row, "cancelled");
    // The state is written at once; a live training loop stops at its next step without writing more.
    this.runner.finish(id, "cancelled", null);
    this.runner.control(id, { cancel: true });
    return this.get(account, id);
  }

  pause(account: string, id: string): JobDoc {
    const row = this.row(account, id);
    if (row.doc.status !== "running" || this.jobs.metrics(id).length === 0) throw this.wrongState(row, "paused");
    const doc = this.runner.setStatus(account, id, "pausing", EVENT_MESSAGES.pausing);
    this.runner.control(id, { pause: true });
    return doc;
  }

  resume(account: string, id: string): JobDoc {
    const row = this.row(account, id);
    if (row.doc.status !== "paused") throw this.wrongState(row, "resumed");
    const doc = this.runner.setStatus(account, id, "resuming", EVENT_MESSAGES.resuming);
    this.runner.resume({ ...row, doc });
    return doc;
  }

  /** Admin: make a job fail the way an internal error would. */
  fail(id: string, message: string): JobDoc {
    const row = this.jobs.getAnyAccount(id);
    if (!row || row.internal.deleted) throw notFound("fine-tuning job", id);
    if (TERMINAL_JOB_STATES.includes(row.doc.status)) throw this.wrongState(row, "failed");
    this.runner.finish(id, "failed", { code: "internalFailure", message, param: null });
    this.runner.control(id, { fail: message });
    return this.jobs.getAnyAccount(id)!.doc;
  }

  events(account: string, id: string): EventDoc[] {
    this.row(account, id);
    return this.jobs.events(id);
  }
  checkpoints(account: string, id: string): CheckpointDoc[] {
    this.row(account, id);
    return this.jobs.checkpoints(id).map((c) => c.doc);
  }

  /**
   * A model of the account that can be deployed or trained further: the fine-tuned model name, a checkpoint id
   * or a checkpoint name, from a job that succeeded (or is paused, which leaves deployable checkpoints).
   */
  findTrainedModel(account: string, name: string): CheckpointRow | undefined {
    const ckpt = this.jobs.findCheckpoint(account, name);
    if (!ckpt) return undefined;
    const job = this.jobs.get(account, ckpt.doc.fine_tuning_job_id);
    return job && (job.doc.status === "succeeded" || job.doc.status === "paused") ? ckpt : undefined;
  }
  /** The base model a job of the account trains in the end (through continuous fine-tuning). */
  rootBaseOf(account: string, jobId: string): string {
    const job = this.jobs.get(account, jobId);
    return job ? rootBase(account, job.doc.model, this.jobs) : "";
  }
  /** Fine-tuned models (succeeded jobs) of the account, oldest first. */
  fineTunedModels(account: string): JobDoc[] {
    return this.jobs
      .list(account)
      .map((r) => r.doc)
      .filter((j) => j.status === "succeeded" && j.fine_tuned_model)
      .reverse();
  }

  private row(account: string, id: string): JobRow {
    const row = this.jobs.get(account, id);
    if (!row || row.internal.deleted) throw notFound("fine-tuning job", id);
    return row;
  }
  /** Azure's model table: not every base model trains on every tier, nor in every region (strictness.trainingTierTable). */
  private checkTrainingTier(account: string, base: string, trainingType: string): void {
    if (!this.strict.trainingTierTable || !TRAINING_TIERS[base]) return;
    const region = this.regions.get(account);
    const offered = trainingTiers(base, region);
    const spelled = (t: string) => t.toLowerCase().replace(/tier$/, "");
    if (offered.some((t) => spelled(t) === spelled(trainingType))) return;
    throw invalidPayload(
      `The specified base model '${base}' does not support fine-tuning with trainingType '${trainingType}' in ${region} (it offers ${offered.join(", ") || "none"} there).`,
      "trainingType",
    );
  }
  private checkFile(account: string, id: string, param: string): void {
    let f: ReturnType<FileService["get"]>;
    try {
      f = this.files.get(account, id);
    } catch {
      throw invalidPayload(`${param} '${id}' does not exist in this account.`, param);
    }
    if (f.purpose !== "fine-tune")
      throw invalidPayload(`${param} '${id}' has purpose '${f.purpose}', not 'fine-tune'.`, param);
    if (f.status === "error")
      throw dataPlaneError(FILE_NOT_VALID_CODE, `${param} '${id}' failed validation: ${f.status_details}`, param);
    if (f.status !== "processed")
      throw invalidPayload(
        `${param} '${id}' is still being processed (status '${f.status}'); wait until it is 'processed'.`,
        param,
      );
  }
  private wrongState(row: JobRow, wanted: string) {
    return dataPlaneError(
      "unexpectedEntityState",
      `The job '${row.doc.id}' cannot be ${wanted} while its status is '${row.doc.status}'.`,
    );
  }
}

/** The base model a job trains in the end: a fine-tuned model `{base}.ft-...` (or a checkpoint of one) resolves to `{base}`. */
function rootBase(account: string, model: string, jobs: JobStore): string {
  if (model.startsWith("ftchkpt-")) {
    const ckpt = jobs.findCheckpoint(account, model);
    const job = ckpt ? jobs.get(account, ckpt.doc.fine_tuning_job_id) : undefined;
    return job ? rootBase(account, job.doc.model, jobs) : model;
  }
  return model.split(".ft-")[0]!;
}
