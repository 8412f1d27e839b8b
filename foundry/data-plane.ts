// Files, fine-tuning jobs, models and chat on the data plane: one method per service call, each through
// the retry policy, each answering in the service's wire shapes.
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { OpenAI } from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions/completions";
import type { FilePurpose } from "openai/resources/files";
import type { Model } from "openai/resources/models";
import { DEPLOYMENT_WARMUP_TIMEOUT_MS } from "../azure/faults";
import { FILES_API_MAX_BYTES } from "../azure/limits";
import type { CreateJobBody, FoundryCheckpoint, FoundryFile, FoundryJob, FoundryJobEvent } from "./data-plane-types";
import { FoundryError, undefinedIfNotFound } from "./errors";
import { findOwnJob, type JobIdentity } from "./job-identity";
import { jobCreateWireBody } from "./job-wire";
import { streamedForm } from "./multipart-stream";
import { type RetryOptions, withRetry } from "./retry";
import type { DataPlaneForm } from "./target";
import { uploadInParts } from "./uploads";

export interface WaitForFileOptions {
  timeoutMs?: number;
  pollMs?: number;
  onStatus?: (file: FoundryFile) => void;
}

export interface UploadOptions {
  /** A name unique to this upload, which makes a retried or interrupted upload findable. */
  filename?: string;
  /** Files larger than this go through the Uploads API (default: the Files API limit, 512 MB). */
  partsAboveBytes?: number;
  partBytes?: number;
}

export interface CreateJobOptions {
  /**
   * What identifies this job (its metadata tag, and a fingerprint for surfaces that drop metadata). If a create
   * fails in a way that may have reached the service (a dropped connection), the job is looked up by it before
   * trying again, so training is never paid twice.
   */
  identity?: JobIdentity;
}

export interface ChatWhenServingOptions {
  timeoutMs?: number;
  pollMs?: number;
  /** Called once per DeploymentNotFound answer while waiting. */
  onWaiting?: (error: FoundryError) => void;
}

/** Uploads and downloads may be hundreds of MB; other calls keep the client's shorter timeout. */
const TRANSFER_TIMEOUT_MS = 30 * 60_000;

export type DataPlaneRetry = Omit<RetryOptions, "recover">;

export class DataPlane {
  constructor(
    private readonly client: OpenAI,
    private readonly retry: DataPlaneRetry = {},
    /** Which surface the client talks to: the job body takes that surface's shape. */
    readonly form: DataPlaneForm = "dated",
  ) {}

  /**
   * Streams the file at `path` to the service (a fresh read stream per attempt). With `filename` (a name
   * unique to this upload), a failure that may have reached the service looks for that name before
   * uploading again, so an upload is never stored twice.
   */
  async uploadFile(
    path: string,
    purpose: FilePurpose = "fine-tune",
    options: UploadOptions = {},
  ): Promise<FoundryFile> {
    const filename = options.filename ?? basename(path);
    // Past the Files API limit (or a lower threshold, for tests) the file goes through the Uploads API in parts.
    if ((await stat(path)).size > (options.partsAboveBytes ?? FILES_API_MAX_BYTES)) {
      this.requireDated(`${basename(path)} is over the Files API's limit: the Uploads API`);
      return uploadInParts(this.client, (operation, extra) => this.call(operation, extra), path, {
        filename,
        purpose,
        timeoutMs: TRANSFER_TIMEOUT_MS,
        ...(options.partBytes ? { partBytes: options.partBytes } : {}),
        ...(options.filename ? { recoverComplete: () => this.findFileByName(filename, purpose) } : {}),
      });
    }
    // A multipart body streamed from disk (openai's own form would be sent through fetch, which buffers it).
    const { size } = await stat(path);
    return this.call(
      () => {
        const form = streamedForm(path, { start: 0, end: size - 1 }, { purpose }, { field: "file", filename });
        return this.client.post("/files", {
          body: form.body(),
          headers: { "content-type": form.contentType, "content-length": String(form.contentLength) },
          timeout: TRANSFER_TIMEOUT_MS,
        });
      },
      options.filename ? { recover: () => this.findFileByName(filename, purpose) } : {},
    ) as Promise<FoundryFile>;
  }

  /**
   * Files_Import: the service fetches `contentUrl` itself (nothing is downloaded here). A failure that may have
   * reached the service looks for `filename` before trying again.
   */
  async importFile(contentUrl: string, filename: string, purpose: FilePurpose = "fine-tune"): Promise<FoundryFile> {
    this.requireDated("importing a file from a URL (/files/import)");
    return this.call(
      () =>
        this.client.post("/files/import", {
          body: { purpose, filename, content_url: contentUrl },
          timeout: TRANSFER_TIMEOUT_MS,
        }),
      {
        recover: () => this.findFileByName(filename, purpose),
      },
    ) as Promise<FoundryFile>;
  }

  /** All files of the account (optionally of one purpose), deleted ones included where the service lists them. */
  async listFiles(purpose?: FilePurpose): Promise<FoundryFile[]> {
    return this.collectPages(() => this.client.files.list(purpose ? { purpose } : {})) as Promise<FoundryFile[]>;
  }

  /** The newest live (not deleted or rejected) file with this exact name. */
  async findFileByName(filename: string, purpose?: FilePurpose): Promise<FoundryFile | undefined> {
    const live = (await this.listFiles(purpose)).filter(
      (f) => f.filename === filename && f.status !== "deleted" && f.status !== "deleting" && f.status !== "error",
    );
    return live.sort((a, b) => b.created_at - a.created_at)[0];
  }

  async getFile(id: string): Promise<FoundryFile | undefined> {
    return undefinedIfNotFound(this.call(() => this.client.files.retrieve(id))) as Promise<FoundryFile | undefined>;
  }

  /** Deletes a file; returns false when it was already gone. */
  async deleteFile(id: string): Promise<boolean> {
    const result = await undefinedIfNotFound(this.call(() => this.client.files.delete(id)));
    return result !== undefined;
  }

  /** Polls until the file is `processed`; `error` (or deletion) throws with the service's status_details. */
  async waitForFile(id: string, options: WaitForFileOptions = {}): Promise<FoundryFile> {
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const pollMs = options.pollMs ?? 2_000;
    const sleep = this.retry.sleep ?? defaultSleep;
    const now = this.retry.now ?? Date.now;
    const deadline = now() + timeoutMs;
    let lastStatus: string | undefined;
    for (;;) {
      // A poll that fails transiently (after its own retries) is just a missed look: keep waiting.
      const file = await this.getFile(id).catch((error: FoundryError) => {
        if (!error.retryable || now() + pollMs > deadline) throw error;
        return "missed" as const;
      });
      if (file === "missed") {
        await sleep(pollMs);
        continue;
      }
      if (!file) throw new FoundryError({ message: `File ${id} no longer exists`, status: 404, code: "notFound" });
      if (file.status !== lastStatus) options.onStatus?.(file);
      lastStatus = file.status;
      if (file.status === "processed") return file;
      if (file.status === "error" || file.status === "deleted") {
        const details = file.status_details ? `: ${file.status_details}` : "";
        throw new FoundryError({
          message: `File ${id} (${file.filename}) was rejected by the service, status ${file.status}${details}`,
          code: "fileProcessingFailed",
        });
      }
      if (now() + pollMs > deadline) {
        throw new FoundryError({
          message: `File ${id} (${file.filename}) still ${file.status} after ${Math.round(timeoutMs / 1000)} s`,
          code: "timeout",
        });
      }
      await sleep(pollMs);
    }
  }

  /** Submits a job in the shape the surface's spec defines (job-wire.ts). */
  async createJob(body: CreateJobBody, options: CreateJobOptions = {}): Promise<FoundryJob> {
    const wireBody = jobCreateWireBody(body, this.form);
    const identity = options.identity;
    return this.call(
      () => this.client.fineTuning.jobs.create(body, { body: wireBody }),
      identity ? { recover: () => this.findJob(identity) } : {},
    ) as Promise<FoundryJob>;
  }

  /** The job an earlier create submitted for this identity, by its tag or, without metadata, its fingerprint. */
  async findJob(identity: JobIdentity): Promise<FoundryJob | undefined> {
    return findOwnJob(await this.listAllJobs(), identity);
  }

  async getJob(id: string): Promise<FoundryJob | undefined> {
    return undefinedIfNotFound(this.call(() => this.client.fineTuning.jobs.retrieve(id))) as Promise<
      FoundryJob | undefined
    >;
  }

  async listAllJobs(): Promise<FoundryJob[]> {
    return this.collectPages(() => this.client.fineTuning.jobs.list({ limit: 100 })) as Promise<FoundryJob[]>;
  }

  /** The newest job whose metadata[key] equals value, whatever its status. */
  async findJobByMetadata(key: string, value: string): Promise<FoundryJob | undefined> {
    const matches = (await this.listAllJobs()).filter((job) => job.metadata?.[key] === value);
    return matches.sort((a, b) => b.created_at - a.created_at)[0];
  }

  async cancelJob(id: string): Promise<FoundryJob> {
    return this.call(() => this.client.fineTuning.jobs.cancel(id)) as Promise<FoundryJob>;
  }

  async pauseJob(id: string): Promise<FoundryJob> {
    return this.call(() => this.client.fineTuning.jobs.pause(id)) as Promise<FoundryJob>;
  }

  async resumeJob(id: string): Promise<FoundryJob> {
    return this.call(() => this.client.fineTuning.jobs.resume(id)) as Promise<FoundryJob>;
  }

  /** All events, newest first (the service's order). */
  async listEvents(jobId: string): Promise<FoundryJobEvent[]> {
    return this.collectPages(() => this.client.fineTuning.jobs.listEvents(jobId, { limit: 100 }));
  }

  /**
   * Events newer than the ones already seen, newest first: pages are read from the newest and reading stops at
   * the first seen id. With nothing seen yet, only the newest page is read (a poll wants the latest, not history).
   */
  async listNewEvents(jobId: string, seen: ReadonlySet<string>, pageSize = 50): Promise<FoundryJobEvent[]> {
    const fresh: FoundryJobEvent[] = [];
    let page = await this.call(async () => this.client.fineTuning.jobs.listEvents(jobId, { limit: pageSize }));
    for (;;) {
      for (const event of page.getPaginatedItems()) {
        if (seen.has(event.id)) return fresh;
        fresh.push(event);
      }
      if (seen.size === 0 || !page.hasNextPage()) return fresh;
      const current = page;
      page = await this.call(async () => current.getNextPage());
    }
  }

  async listCheckpoints(jobId: string): Promise<FoundryCheckpoint[]> {
    return this.collectPages(() => this.client.fineTuning.jobs.checkpoints.list(jobId, { limit: 100 }));
  }

  /** Streams a file's content to `destPath` (written beside it first, renamed when complete). */
  async downloadFile(id: string, destPath: string): Promise<{ bytes: number }> {
    const partial = `${destPath}.partial`;
    return this.call(async () => {
      const response = await this.client.files.content(id, { timeout: TRANSFER_TIMEOUT_MS });
      if (!response.body) throw new FoundryError({ message: `File ${id} has no content`, code: "emptyContent" });
      let bytes = 0;
      const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      source.on("data", (chunk: Buffer) => (bytes += chunk.length));
      try {
        await pipeline(source, createWriteStream(partial));
        await rename(partial, destPath);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { bytes };
    });
  }

  async getModel(id: string): Promise<Model | undefined> {
    return undefinedIfNotFound(this.call(() => this.client.models.retrieve(id)));
  }

  /** One chat completion from a deployment (the dated form puts it in the path, v1 in `model`). */
  async chat(
    deployment: string,
    messages: ChatCompletionMessageParam[],
    extra: Omit<ChatCompletionCreateParamsNonStreaming, "model" | "messages"> = {},
  ): Promise<ChatCompletion> {
    return this.call(() =>
      this.client.chat.completions.create({ ...extra, model: deployment, messages, stream: false }),
    );
  }

  /**
   * A chat completion on a deployment that may have just been created: Azure can answer 404 DeploymentNotFound
   * for minutes after ARM reports it Succeeded, so that answer is waited out (up to timeoutMs), others are not.
   */
  async chatWhenServing(
    deployment: string,
    messages: ChatCompletionMessageParam[],
    extra: Omit<ChatCompletionCreateParamsNonStreaming, "model" | "messages"> = {},
    options: ChatWhenServingOptions = {},
  ): Promise<ChatCompletion> {
    const sleep = this.retry.sleep ?? defaultSleep;
    const now = this.retry.now ?? Date.now;
    const deadline = now() + (options.timeoutMs ?? DEPLOYMENT_WARMUP_TIMEOUT_MS);
    for (;;) {
      try {
        return await this.chat(deployment, messages, extra);
      } catch (error) {
        const e = error as FoundryError;
        if (e.code !== "DeploymentNotFound" || now() >= deadline) throw error;
        options.onWaiting?.(e);
        await sleep(options.pollMs ?? 5_000);
      }
    }
  }

  /** The Uploads API and file import exist on the dated surface only (the v1 spec has neither). */
  private requireDated(what: string): void {
    if (this.form !== "dated") {
      throw new FoundryError({
        message: `${what} is on the dated data plane only; set foundry-finetune:dataPlane to dated`,
        code: "datedSurfaceOnly",
      });
    }
  }

  private call<T>(operation: () => Promise<T>, extra: Pick<RetryOptions, "recover"> = {}): Promise<T> {
    return withRetry(operation, { ...this.retry, ...extra });
  }

  /** Follows `has_more`/`after` to the end, retrying each page on its own. */
  private async collectPages<Item>(first: () => PromiseLike<CursorPageLike<Item>>): Promise<Item[]> {
    let page = await this.call(async () => first());
    const items = [...page.getPaginatedItems()];
    while (page.hasNextPage()) {
      const current = page;
      page = await this.call(async () => current.getNextPage());
      items.push(...page.getPaginatedItems());
    }
    return items;
  }
}

interface CursorPageLike<Item> {
  getPaginatedItems(): Item[];
  hasNextPage(): boolean;
  getNextPage(): Promise<CursorPageLike<Item>>;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
