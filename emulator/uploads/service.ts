// The Uploads API: an upload declares its size, takes parts (appended to its file as they arrive), and on
// complete is assembled, in the order given, into one file that then goes through the usual file checks.
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import * as fs from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  FILE_PURPOSES,
  UPLOAD_ID_PREFIX,
  UPLOAD_LIFETIME_SECONDS,
  UPLOAD_MAX_BYTES,
  UPLOAD_PART_ID_PREFIX,
} from "../azure-facts";
import type { FileService } from "../domain/files";
import { dataPlaneError, invalidPayload, notFound } from "../http/errors";
import { newHex, nowSeconds } from "../ids";
import type { Blobs } from "../store/blobs";
import type { Strictness } from "../strictness";
import { BatchedFileWriter, positionalFile } from "./batched-file-writer";
import type { PartDoc, PartRow, UploadDoc, UploadStore } from "./store";

export interface StartBody {
  purpose?: unknown;
  filename?: unknown;
  bytes?: unknown;
  mime_type?: unknown;
}

export class UploadService {
  /** The part being written per upload: parts of one upload are appended one at a time. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: UploadStore,
    private readonly files: FileService,
    private readonly blobs: Blobs,
    private readonly strict: Pick<Strictness, "partIdsAreBlockIds"> = { partIdsAreBlockIds: false },
  ) {}

  start(account: string, body: StartBody): UploadDoc {
    const { purpose, filename, bytes, mime_type: mimeType } = body ?? {};
    if (typeof purpose !== "string" || !FILE_PURPOSES.includes(purpose))
      throw invalidPayload(`purpose must be one of ${FILE_PURPOSES.join(", ")}.`, "purpose");
    if (typeof filename !== "string" || filename.length === 0)
      throw invalidPayload("filename is required.", "filename");
    if (typeof mimeType !== "string" || mimeType.length === 0)
      throw invalidPayload("mime_type is required.", "mime_type");
    if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1 || bytes > UPLOAD_MAX_BYTES) {
      throw invalidPayload(`bytes must be an integer from 1 to ${UPLOAD_MAX_BYTES}.`, "bytes");
    }
    const created = nowSeconds();
    const doc: UploadDoc = {
      id: `${UPLOAD_ID_PREFIX}${newHex()}`,
      object: "upload",
      bytes,
      filename,
      purpose,
      status: "pending",
      created_at: created,
      expires_at: created + UPLOAD_LIFETIME_SECONDS,
      file: null,
    };
    this.store.insert(account, doc);
    return doc;
  }

  /**
   * Appends one part to the upload's file. Parts of one upload are written one at a time (a second waits for the
   * first), and a part that does not arrive whole is cut off again, so recorded parts are always contiguous.
   */
  async addPart(account: string, uploadId: string, data: Readable): Promise<PartDoc> {
    this.pending(account, uploadId);
    return this.oneAtATime(uploadId, async () => {
      this.pending(account, uploadId); // again: it may have completed while this part waited
      const offset = this.store.endOfParts(uploadId);
      const bytes = await writePartAt(this.store.dataPath(uploadId), offset, data);
      const doc: PartDoc = {
        id: `${UPLOAD_PART_ID_PREFIX}${newHex()}`,
        object: "upload.part",
        upload_id: uploadId,
        azure_block_id: randomBytes(16).toString("base64"),
        created_at: nowSeconds(),
      };
      this.store.addPart(doc, offset, bytes);
      return doc;
    });
  }

  /** Assembles the listed parts (by part id or azure_block_id) into a file; their bytes must add up to the upload's. */
  async complete(account: string, uploadId: string, body: { part_ids?: unknown; md5?: unknown }): Promise<UploadDoc> {
    this.pending(account, uploadId);
    // After any part still being written, which must not land in a file already handed on.
    return this.oneAtATime(uploadId, () => this.completeNow(account, uploadId, body));
  }

  private async completeNow(
    account: string,
    uploadId: string,
    body: { part_ids?: unknown; md5?: unknown },
  ): Promise<UploadDoc> {
    const doc = this.pending(account, uploadId);
    const ids = body?.part_ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((p) => typeof p === "string"))
      throw invalidPayload("part_ids must be a non-empty list of part ids.", "part_ids");
    const known = this.store.parts(uploadId);
    const parts = (ids as string[]).map((p) => {
      // Strict: only the spec example's reading (azure_block_id); lenient: a part's id too.
      const part = known.find((k) => k.doc.azure_block_id === p || (!this.strict.partIdsAreBlockIds && k.doc.id === p));
      if (!part) throw invalidPayload(`part '${p}' is not a part of upload '${uploadId}'.`, "part_ids");
      return part;
    });
    if (new Set(parts.map((p) => p.doc.id)).size !== parts.length)
      throw invalidPayload("part_ids lists a part twice.", "part_ids");
    const total = parts.reduce((sum, p) => sum + p.bytes, 0);
    if (total !== doc.bytes)
      throw invalidPayload(`the parts hold ${total} bytes, but the upload declared ${doc.bytes}.`, "part_ids");
    const tempPath = this.blobs.newTempPath();
    try {
      await this.assemble(uploadId, parts, tempPath);
      if (typeof body.md5 === "string" && body.md5 !== (await md5Of(tempPath)))
        throw invalidPayload("md5 does not match the assembled bytes.", "md5");
    } catch (e) {
      fs.rmSync(tempPath, { force: true });
      throw e;
    }
    const file = this.files.create({
      account,
      tempPath,
      bytes: total,
      filename: doc.filename,
      purpose: doc.purpose,
      expiresAfterSeconds: null,
    });
    const completed: UploadDoc = { ...doc, status: "completed", file };
    this.store.update(completed, file.id);
    this.store.removeData(uploadId);
    return completed;
  }

  /** Parts listed in the order they arrived, and all of them, are the upload's file as it is: moved, not copied. */
  private async assemble(uploadId: string, parts: PartRow[], dest: string): Promise<void> {
    const source = this.store.dataPath(uploadId);
    if (isWholeFileInOrder(parts, this.store.endOfParts(uploadId))) {
      fs.truncateSync(source, this.store.endOfParts(uploadId));
      fs.renameSync(source, dest);
      return;
    }
    await pipeline(async function* () {
      for (const p of parts) {
        if (p.bytes > 0)
          yield* fs.createReadStream(source, { start: p.offset, end: p.offset + p.bytes - 1, highWaterMark: 4 << 20 });
      }
    }, fs.createWriteStream(dest));
  }

  private oneAtATime<T>(uploadId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.writing.get(uploadId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.writing.set(uploadId, next);
    const forget = () => {
      if (this.writing.get(uploadId) === next) this.writing.delete(uploadId);
    };
    next.then(forget, forget);
    return next;
  }

  cancel(account: string, uploadId: string): UploadDoc {
    const cancelled: UploadDoc = { ...this.pending(account, uploadId), status: "cancelled" };
    this.store.update(cancelled);
    this.store.removeData(uploadId);
    return cancelled;
  }

  /** The upload, which must still take parts (not completed, cancelled or expired). */
  private pending(account: string, uploadId: string): UploadDoc {
    const doc = /^upload-[0-9a-f]{32}$/.test(uploadId) ? this.store.get(account, uploadId) : undefined;
    if (!doc) throw notFound("upload", uploadId);
    if (doc.status === "pending" && nowSeconds() > doc.expires_at) {
      this.store.update({ ...doc, status: "expired" });
      this.store.removeData(uploadId);
      doc.status = "expired";
    }
    if (doc.status !== "pending")
      throw dataPlaneError("unexpectedEntityState", `The upload '${uploadId}' is ${doc.status}.`);
    return doc;
  }
}

/** Writes a part's bytes at `offset` of the upload's file; a part that does not arrive whole is cut off again. */
async function writePartAt(path: string, offset: number, data: Readable): Promise<number> {
  const file = await open(path, "r+");
  try {
    await file.truncate(offset);
    const writer = new BatchedFileWriter(positionalFile(file), offset);
    try {
      await pipeline(data, writer);
      if ((data as Readable & { truncated?: boolean }).truncated)
        throw dataPlaneError("payloadTooLarge", "The part is larger than the upload limit.", "data");
    } catch (e) {
      // No write of this part may land after the cut.
      if (!writer.closed) await once(writer, "close");
      await file.truncate(offset);
      throw e;
    }
    return writer.written;
  } finally {
    await file.close();
  }
}

/** Pure: the listed parts are every recorded part, in arrival order, from offset 0 to `end` without a gap. */
export function isWholeFileInOrder(parts: Pick<PartRow, "offset" | "bytes">[], end: number): boolean {
  let at = 0;
  for (const p of parts) {
    if (p.offset !== at) return false;
    at += p.bytes;
  }
  return at === end;
}

async function md5Of(file: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
