// Runs fine-tuning jobs: one active job per account (others wait, oldest first), steps paced by the time
// scale, metrics events and results rows from every step, a checkpoint per epoch (last three kept), results.csv
// at the end. A job that was running when the service stopped resumes from its last checkpoint.
import * as fs from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { CHECKPOINTS_KEPT, checkpointName, EVENT_MESSAGES, fineTunedModelName } from "../azure-facts";
import { hexOf, newId, nowSeconds } from "../ids";
import type { Blobs } from "../store/blobs";
import { transaction } from "../store/db";
import type { JobRow, JobStore } from "../store/jobs";
import type { Timing } from "../timing";
import * as training from "../training";
import type { FileService } from "./files";
import { resultsCsv } from "./results-csv";
import { FORMAT_NAMES, readTrainingFile, type TrainingFormat } from "./training-file";
import type { CheckpointDoc, EventDoc, JobDoc, JobStatus, MetricsDoc } from "./types";
import { ACTIVE_JOB_STATES, type MethodType, methodDoc, TERMINAL_JOB_STATES } from "./types";

interface Controls {
  cancel?: boolean;
  pause?: boolean;
  fail?: string;
  wake?: () => void;
}
interface Live {
  account: string;
  controls: Controls;
}

export interface RunnerDeps {
  db: DatabaseSync;
  jobs: JobStore;
  files: FileService;
  blobs: Blobs;
  timing: Timing;
  isDeployed: (checkpointId: string) => boolean;
  log: (msg: string) => void;
}

export class JobRunner {
  private readonly live = new Map<string, Live>();
  private readonly starting = new Set<string>();
  private stopped = false;

  constructor(private readonly d: RunnerDeps) {}

  /** After a restart: resume interrupted jobs, then start queued ones. */
  recover(): void {
    for (const row of this.d.jobs.withStatus(["running", "pausing", "resuming"])) {
      this.event(row.doc.id, "info", "The service restarted; training resumes from the last checkpoint.");
      this.launch(row, row.doc.status === "pausing");
    }
    for (const row of this.d.jobs.withStatus(["pending"])) this.schedule(row.account);
  }

  stop(): void {
    this.stopped = true;
    for (const l of this.live.values()) l.controls.wake?.();
  }

  /** Tells a live job's loop to stop (after cancel/fail) or pause at its next step. */
  control(jobId: string, c: Omit<Controls, "wake">): void {
    const l = this.live.get(jobId);
    if (!l) return;
    Object.assign(l.controls, c);
    l.controls.wake?.();
  }
  /** Resumes a paused job: wakes its loop, or (after a restart) relaunches it from its last checkpoint. */
  resume(row: JobRow): void {
    const l = this.live.get(row.doc.id);
    if (l) {
      l.controls.pause = false;
      l.controls.wake?.();
      return;
    }
    this.launch(row, false);
  }

  /** The queue delay a new job waits at least (whole seconds), for the estimate a pending job reports. */
  secondsUntilStart(): number {
    return Math.ceil(this.d.timing.ms("jobQueue") / 1000);
  }

  /** Starts the oldest pending job of the account after the queue delay, when no job is active there. */
  schedule(account: string): void {
    if (this.stopped || this.starting.has(account) || this.hasActiveJob(account)) return;
    this.starting.add(account);
    setTimeout(() => {
      this.starting.delete(account);
      if (this.stopped) return;
      const next = this.d.jobs
        .list(account)
        .filter((r) => r.doc.status === "pending")
        .at(-1);
      if (next && !this.hasActiveJob(account)) this.launch(next, false);
    }, this.d.timing.ms("jobQueue")).unref();
  }

  /** A job holds its account's slot from launch (still "pending" while its files are read) to its end. */
  private hasActiveJob(account: string): boolean {
    for (const l of this.live.values()) if (l.account === account) return true;
    return this.d.jobs.list(account).some((r) => ACTIVE_JOB_STATES.includes(r.doc.status));
  }

  private launch(row: JobRow, pauseFirst: boolean): void {
    const live: Live = { account: row.account, controls: { pause: pauseFirst } };
    this.live.set(row.doc.id, live);
    this.run(row, live)
      .catch((e) => {
        this.d.log(`job ${row.doc.id}: ${(e as Error).stack ?? e}`);
        if (!this.stopped)
          this.finish(row.doc.id, "failed", {
            code: "internalFailure",
            message: `Training failed: ${(e as Error).message}`,
            param: null,
          });
      })
      .finally(() => {
        this.live.delete(row.doc.id);
        if (!this.stopped) this.schedule(row.account);
      });
  }

  private async run(row: JobRow, live: Live): Promise<void> {
    const { jobs } = this.d;
    const jobId = row.doc.id;
    const prepared = await this.prepare(row);
    if (typeof prepared === "string") {
      this.finish(jobId, "failed", { code: "invalidPayload", message: prepared, param: null });
      return;
    }
    const { trainer, ftName, billedTokens } = prepared;
    let doc = jobs.get(row.account, jobId)!.doc;
    if (doc.status === "pending" || doc.status === "resuming" || doc.status === "running") {
      // a DPO job reports its values under method.dpo only, as Azure's do
      const topLevel = prepared.method === "dpo" ? {} : { hyperparameters: prepared.hp };
      doc = this.save({ ...doc, status: "running", ...topLevel, method: methodDoc(prepared.method, prepared.hp) });
      if (row.doc.status === "pending") this.event(jobId, "info", EVENT_MESSAGES.started);
    }
    const metricsEvery = Math.max(1, Math.floor(trainer.totalSteps / 100));
    for (;;) {
      if (this.stopped) return;
      const c = live.controls;
      if (c.fail !== undefined || c.cancel) return; // the service has already written the final state
      if (c.pause) {
        // a paused job lists a results file of the steps so far, as Azure's do [REC-JOB]; success replaces it
        const partial = this.d.files.createGenerated(
          row.account,
          "results.csv",
          "fine-tune-results",
          resultsCsv(jobs.metrics(jobId)),
        );
        this.save({ ...jobs.get(row.account, jobId)!.doc, result_files: [partial.id] });
        this.setStatus(row.account, jobId, "paused", EVENT_MESSAGES.paused);
        await new Promise<void>((resolve) => {
          c.wake = resolve;
        });
        c.wake = undefined;
        if (this.stopped || c.cancel || c.fail !== undefined || c.pause) continue;
        await this.d.timing.wait("resume");
        this.setStatus(row.account, jobId, "running", null);
        continue;
      }
      const m = trainer.step();
      if (!m) break;
      const metrics = toMetricsDoc(m);
      const epochEnd = m.step % trainer.stepsPerEpoch === 0 || m.step === trainer.totalSteps;
      transaction(this.d.db, () => {
        jobs.addMetrics(jobId, metrics);
        if (m.step % metricsEvery === 0 || epochEnd) {
          this.event(jobId, "info", EVENT_MESSAGES.metrics(m.step, round(m.train_loss)), metrics, m.step);
        }
      });
      if (epochEnd)
        this.checkpoint(row.account, jobId, ftName, m.epoch, metrics, trainer.weights(), m.step === trainer.totalSteps);
      if (m.step % 10 === 0) {
        const cur = jobs.get(row.account, jobId)!.doc;
        const remaining = ((trainer.totalSteps - m.step) * this.d.timing.ms("stepPacing")) / 1000;
        this.save({ ...cur, estimated_finish: nowSeconds() + Math.ceil(remaining) });
      }
      await this.d.timing.wait("stepPacing");
    }
    // Postprocessing: results.csv, then success.
    this.event(jobId, "info", EVENT_MESSAGES.postprocessing);
    const results = this.d.files.createGenerated(
      row.account,
      "results.csv",
      "fine-tune-results",
      resultsCsv(jobs.metrics(jobId)),
    );
    this.event(jobId, "info", EVENT_MESSAGES.resultsFile(results.id));
    this.event(jobId, "info", EVENT_MESSAGES.tokensBilled(billedTokens));
    const cur = jobs.get(row.account, jobId)!.doc;
    this.save({
      ...cur,
      status: "succeeded",
      fine_tuned_model: ftName,
      result_files: [results.id],
      trained_tokens: billedTokens,
      finished_at: nowSeconds(),
    });
    this.event(jobId, "info", EVENT_MESSAGES.succeeded);
  }

  /**
   * Builds the trainer: from scratch, from a base model (continuous fine-tuning) or from the last checkpoint. The
   * files must hold the format of the job's method (chat for supervised, preference pairs for DPO); otherwise the
   * job fails with a message naming the file and the method.
   */
  private async prepare(row: JobRow) {
    const { jobs, files } = this.d;
    const doc = row.doc;
    const method: MethodType = row.internal.method ?? "supervised";
    const wanted: TrainingFormat = method === "dpo" ? "preference" : "chat";
    const examples = async (fileId: string, role: string) => {
      let path: string;
      let name: string;
      try {
        const f = files.get(row.account, fileId);
        path = files.contentPath(row.account, fileId);
        name = f.filename;
      } catch {
        return `The file '${fileId}' of this job no longer exists.`;
      }
      const check = await readTrainingFile(path, name);
      if (!check.ok) return check.error;
      if (check.format !== wanted) {
        return (
          `The ${role} '${name}' (${fileId}) holds ${FORMAT_NAMES[check.format]}, but a ${method} job needs ${FORMAT_NAMES[wanted]}` +
          (method === "dpo" ? "." : `; use method {type: "dpo"} for preference data.`)
        );
      }
      return check;
    };
    const trainingSet = await examples(doc.training_file, "training file");
    if (typeof trainingSet === "string") return trainingSet;
    const validationSet = doc.validation_file ? await examples(doc.validation_file, "validation file") : undefined;
    if (typeof validationSet === "string") return validationSet;
    let base: training.ModelWeights | undefined;
    if (row.internal.baseCheckpointId) base = this.loadWeights(row.internal.baseCheckpointId);
    const last = jobs.checkpoints(doc.id)[0];
    let resume: training.TrainerOptions["resume"];
    if (last) {
      resume = { weights: this.loadWeights(last.doc.id), completedEpochs: last.epoch, step: last.doc.step_number };
      jobs.forgetStepsAfter(doc.id, last.doc.step_number);
    } else {
      jobs.forgetStepsAfter(doc.id, 0);
    }
    const ftName = fineTunedModelName(doc.model, hexOf(doc.id), doc.suffix);
    const from = { seed: doc.seed, base, resume };
    const result = <H extends { n_epochs: number }>(trainer: training.Trainer, hp: H, tokensPerEpoch: number) => ({
      trainer,
      hp,
      method,
      ftName,
      billedTokens: tokensPerEpoch * hp.n_epochs,
    });
    if (trainingSet.format === "preference") {
      // the reference model of DPO is `base` (or the seed's initial weights), also when resuming from a checkpoint
      const hp = training.resolveDpoHyperparameters(row.internal.requested, trainingSet.examples.length);
      const validation = validationSet?.format === "preference" ? validationSet.examples : undefined;
      const trainer = training.createDpoTrainer({
        ...from,
        training: trainingSet.examples,
        validation,
        hyperparameters: hp,
      });
      return result(trainer, hp, training.countPreferenceBillingTokens(trainingSet.examples));
    }
    const hp = training.resolveHyperparameters(row.internal.requested, trainingSet.examples.length);
    const validation = validationSet?.format === "chat" ? validationSet.examples : undefined;
    const trainer = training.createTrainer({
      ...from,
      training: trainingSet.examples,
      validation,
      hyperparameters: hp,
    });
    return result(trainer, hp, training.countBillingTokens(trainingSet.examples));
  }

  loadWeights(checkpointId: string): training.ModelWeights {
    return training.deserializeWeights(fs.readFileSync(this.d.blobs.weightsPath(checkpointId)));
  }

  private checkpoint(
    account: string,
    jobId: string,
    ftName: string,
    epoch: number,
    metrics: MetricsDoc,
    weights: training.ModelWeights,
    final: boolean,
  ): void {
    const { jobs, blobs } = this.d;
    const id = newId("ftchkpt-");
    blobs.writeAtomic(blobs.weightsPath(id), training.serializeWeights(weights));
    const doc: CheckpointDoc = {
      id,
      object: "fine_tuning.job.checkpoint",
      created_at: nowSeconds(),
      fine_tuned_model_checkpoint: final ? ftName : checkpointName(ftName, metrics.step),
      fine_tuning_job_id: jobId,
      step_number: metrics.step,
      metrics: { ...metrics },
    };
    transaction(this.d.db, () => {
      jobs.addCheckpoint(account, epoch, doc);
      this.event(jobId, "info", EVENT_MESSAGES.checkpoint(metrics.step), undefined, metrics.step);
    });
    for (const old of jobs.checkpoints(jobId).slice(CHECKPOINTS_KEPT)) {
      if (this.d.isDeployed(old.doc.id)) continue;
      jobs.deleteCheckpoint(old.doc.id);
      fs.rmSync(blobs.weightsPath(old.doc.id), { force: true });
    }
  }

  /** Ends a job in a terminal state (also used by the service for jobs with no live loop). */
  finish(jobId: string, status: "failed" | "cancelled", error: JobDoc["error"]): void {
    const row = this.d.jobs.getAnyAccount(jobId);
    if (!row || TERMINAL_JOB_STATES.includes(row.doc.status)) return;
    // a finished job keeps its last estimate, as Azure's do (recorded cancelled and succeeded jobs)
    this.save({ ...row.doc, status, error, finished_at: nowSeconds() });
    if (status === "failed") this.event(jobId, "error", `${EVENT_MESSAGES.failed} ${error?.message ?? ""}`.trim());
    else this.event(jobId, "info", EVENT_MESSAGES.cancelled);
  }

  setStatus(account: string, jobId: string, status: JobStatus, message: string | null): JobDoc {
    const doc = this.save({ ...this.d.jobs.get(account, jobId)!.doc, status });
    if (message) this.event(jobId, "info", message);
    return doc;
  }

  private save(doc: JobDoc): JobDoc {
    this.d.jobs.update(doc);
    return doc;
  }

  event(jobId: string, level: EventDoc["level"], message: string, data?: MetricsDoc, step: number | null = null): void {
    const e: EventDoc = {
      id: newId("ftevent-"),
      object: "fine_tuning.job.event",
      created_at: nowSeconds(),
      level,
      message,
      type: data ? "metrics" : "message",
      ...(data ? { data } : {}),
    };
    this.d.jobs.addEvent(jobId, e, step);
  }
}

function toMetricsDoc(m: training.StepMetrics): MetricsDoc {
  const doc: MetricsDoc = {
    step: m.step,
    train_loss: m.train_loss,
    train_mean_token_accuracy: m.train_mean_token_accuracy,
  };
  if (m.valid_loss !== undefined) doc.valid_loss = m.valid_loss;
  if (m.valid_mean_token_accuracy !== undefined) doc.valid_mean_token_accuracy = m.valid_mean_token_accuracy;
  if (m.full_valid_loss !== undefined) doc.full_valid_loss = m.full_valid_loss;
  if (m.full_valid_mean_token_accuracy !== undefined)
    doc.full_valid_mean_token_accuracy = m.full_valid_mean_token_accuracy;
  return doc;
}
const round = (x: number) => Math.round(x * 1e5) / 1e5;
