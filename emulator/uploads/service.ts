// The Uploads API: an upload declares its size, takes parts (each stored on disk as it arrives), and on
// complete is assembled, in the order given, into one file that then goes through the usual file checks.
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { FILE_PURPOSES, UPLOAD_ID_PREFIX, UPLOAD_LIFETIME_SECONDS, UPLOAD_MAX_BYTES, UPLOAD_PART_ID_PREFIX } from "../azure-facts";
import type { FileService } from "../domain/files";
import { dataPlaneError, invalidPayload, notFound } from "../http/errors";
import { newHex, nowSeconds } from "../ids";
import type { Blobs } from "../store/blobs";
import type { PartDoc, UploadDoc, UploadStore } from "./store";

export interface StartBody { purpose?: unknown; filename?: unknown; bytes?: unknown; mime_type?: unknown }

export class UploadService {
  constructor(private readonly store: UploadStore, private readonly files: FileService, private readonly blobs: Blobs) {}

  start(account: string, body: StartBody): UploadDoc {
    const { purpose, filename, bytes, mime_type: mimeType } = body ?? {};
    if (typeof purpose !== "string" || !FILE_PURPOSES.includes(purpose)) throw invalidPayload(`purpose must be one of ${FILE_PURPOSES.join(", ")}.`, "purpose");
    if (typeof filename !== "string" || filename.length === 0) throw invalidPayload("filename is required.", "filename");
    if (typeof mimeType !== "string" || mimeType.length === 0) throw invalidPayload("mime_type is required.", "mime_type");
    if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1 || bytes > UPLOAD_MAX_BYTES) {
      throw invalidPayload(`bytes must be an integer from 1 to ${UPLOAD_MAX_BYTES}.`, "bytes");
    }
    const created = nowSeconds();
    const doc: UploadDoc = { id: `${UPLOAD_ID_PREFIX}${newHex()}`, object: "upload", bytes, filename, purpose, status: "pending",
      created_at: created, expires_at: created + UPLOAD_LIFETIME_SECONDS, file: null };
    this.store.insert(account, doc);
    return doc;
  }

  /** Streams one part to disk; a part that does not arrive whole leaves nothing behind. */
  async addPart(account: string, uploadId: string, data: Readable): Promise<PartDoc> {
    this.pending(account, uploadId);
    const id = `${UPLOAD_PART_ID_PREFIX}${newHex()}`;
    const file = this.store.partPath(uploadId, id);
    try {
      await pipeline(data, fs.createWriteStream(file));
      if ((data as Readable & { truncated?: boolean }).truncated) throw dataPlaneError("payloadTooLarge", "The part is larger than the upload limit.", "data");
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
    const doc: PartDoc = { id, object: "upload.part", upload_id: uploadId, azure_block_id: randomBytes(16).toString("base64"), created_at: nowSeconds() };
    this.store.addPart(doc, fs.statSync(file).size);
    return doc;
  }

  /** Assembles the listed parts (by part id or azure_block_id) into a file; their bytes must add up to the upload's. */
  async complete(account: string, uploadId: string, body: { part_ids?: unknown; md5?: unknown }): Promise<UploadDoc> {
    const doc = this.pending(account, uploadId);
    const ids = body?.part_ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((p) => typeof p === "string")) throw invalidPayload("part_ids must be a non-empty list of part ids.", "part_ids");
    const known = this.store.parts(uploadId);
    const parts = (ids as string[]).map((p) => {
      const part = known.find((k) => k.doc.id === p || k.doc.azure_block_id === p);
      if (!part) throw invalidPayload(`part '${p}' is not a part of upload '${uploadId}'.`, "part_ids");
      return part;
    });
    if (new Set(parts.map((p) => p.doc.id)).size !== parts.length) throw invalidPayload("part_ids lists a part twice.", "part_ids");
    const total = parts.reduce((sum, p) => sum + p.bytes, 0);
    if (total !== doc.bytes) throw invalidPayload(`the parts hold ${total} bytes, but the upload declared ${doc.bytes}.`, "part_ids");
    const tempPath = this.blobs.newTempPath();
    // md5 costs a pass of CPU over every byte: only when the client asks for the check.
    const md5 = typeof body.md5 === "string" ? createHash("md5") : undefined;
    const partPaths = parts.map((p) => this.store.partPath(uploadId, p.doc.id));
    try {
      await pipeline(async function* () {
        for (const file of partPaths) {
          for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) {
            md5?.update(chunk as Buffer);
            yield chunk as Buffer;
          }
        }
      }, fs.createWriteStream(tempPath));
      if (md5 && body.md5 !== md5.digest("hex")) throw invalidPayload("md5 does not match the assembled bytes.", "md5");
    } catch (e) {
      fs.rmSync(tempPath, { force: true });
      throw e;
    }
    const file = this.files.create({ account, tempPath, bytes: total, filename: doc.filename, purpose: doc.purpose, expiresAfterSeconds: null });
    const completed: UploadDoc = { ...doc, status: "completed", file };
    this.store.update(completed, file.id);
    this.store.removeParts(uploadId);
    return completed;
  }

  cancel(account: string, uploadId: string): UploadDoc {
    const cancelled: UploadDoc = { ...this.pending(account, uploadId), status: "cancelled" };
    this.store.update(cancelled);
    this.store.removeParts(uploadId);
    return cancelled;
  }

  /** The upload, which must still take parts (not completed, cancelled or expired). */
  private pending(account: string, uploadId: string): UploadDoc {
    const doc = /^upload-[0-9a-f]{32}$/.test(uploadId) ? this.store.get(account, uploadId) : undefined;
    if (!doc) throw notFound("upload", uploadId);
    if (doc.status === "pending" && nowSeconds() > doc.expires_at) {
      this.store.update({ ...doc, status: "expired" });
      this.store.removeParts(uploadId);
      doc.status = "expired";
    }
    if (doc.status !== "pending") throw dataPlaneError("unexpectedEntityState", `The upload '${uploadId}' is ${doc.status}.`);
    return doc;
  }
}
