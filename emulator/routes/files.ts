// /files: multipart upload streamed to disk, get, list, delete, content.
import * as fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import { EXPIRES_AFTER_SECONDS, FILE_PURPOSES, UPLOAD_TOO_LARGE_CODE, V1_UPLOAD_PURPOSES } from "../azure-facts";
import { withoutNulls } from "../domain/types";
import { invalidPayload, ServiceError } from "../http/errors";
import { page } from "../http/paging";
import type { Services } from "../services";
import { BatchedFileWriter, positionalFile } from "../uploads/batched-file-writer";
import { accountOf, created, type DataSurface } from "./context";

export function fileRoutes(app: FastifyInstance, s: Services, surface: DataSurface, maxUploadBytes: number): void {
  app.post("/files", async (req, reply) => {
    const account = accountOf(s, req);
    if (!req.isMultipart())
      throw invalidPayload("Uploads must be multipart/form-data with 'file' and 'purpose'.", "file");
    const fields: Record<string, string> = {};
    let upload: { tempPath: string; bytes: number; filename: string } | null = null;
    try {
      for await (const part of req.parts({ limits: { fileSize: maxUploadBytes, files: 1 } })) {
        if (part.type === "file") {
          if (part.fieldname !== "file")
            throw invalidPayload(`Unexpected file field '${part.fieldname}'.`, part.fieldname);
          const tempPath = s.blobs.newTempPath();
          upload = { tempPath, bytes: 0, filename: part.filename || "upload.jsonl" };
          upload.bytes = await storePart(part.file, tempPath);
          if (part.file.truncated) throw tooLarge(maxUploadBytes);
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!upload) throw invalidPayload("The 'file' field is required.", "file");
      const purpose = fields.purpose;
      const allowed = surface === "v1" ? V1_UPLOAD_PURPOSES : FILE_PURPOSES;
      if (!purpose || !allowed.includes(purpose))
        throw invalidPayload(`purpose must be one of ${allowed.join(", ")}.`, "purpose");
      const doc = s.files.create({
        account,
        tempPath: upload.tempPath,
        bytes: upload.bytes,
        filename: upload.filename,
        purpose,
        expiresAfterSeconds: expiresAfter(fields),
      });
      upload = null;
      return created(surface, req, reply, doc.id).send(withoutNulls(doc));
    } catch (e) {
      if ((e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(maxUploadBytes);
      throw e;
    } finally {
      if (upload) fs.rmSync(upload.tempPath, { force: true });
    }
  });

  app.get("/files", async (req) => {
    const account = accountOf(s, req);
    const q = req.query as { purpose?: string; after?: string; limit?: string; order?: string };
    if (q.order !== undefined && q.order !== "asc" && q.order !== "desc")
      throw invalidPayload("order must be asc or desc.", "order");
    let items = s.files.list(account);
    if (q.purpose) items = items.filter((f) => f.purpose === q.purpose);
    if (q.order !== "asc") items = items.reverse();
    const p = page(items, q, 10000, 10000);
    return {
      object: "list",
      data: p.data.map(withoutNulls),
      ...(surface === "v1"
        ? { first_id: p.data[0]?.id ?? null, last_id: p.data.at(-1)?.id ?? null, has_more: p.has_more }
        : {}),
    };
  });

  // Unset fields (status_details, expires_at) are omitted, as Azure does [REC-FILES].
  app.get("/files/:fileId", async (req) =>
    withoutNulls(s.files.get(accountOf(s, req), (req.params as { fileId: string }).fileId)),
  );

  app.delete("/files/:fileId", async (req) =>
    s.files.delete(accountOf(s, req), (req.params as { fileId: string }).fileId),
  );

  app.get("/files/:fileId/content", async (req, reply) => {
    const file = s.files.contentPath(accountOf(s, req), (req.params as { fileId: string }).fileId);
    return reply.type("application/octet-stream").send(fs.createReadStream(file));
  });
}

function tooLarge(limit: number): ServiceError {
  return new ServiceError(413, UPLOAD_TOO_LARGE_CODE, `The upload is larger than the limit of ${limit} bytes.`, "file");
}

function expiresAfter(fields: Record<string, string>): number | null {
  const anchor = fields["expires_after[anchor]"] ?? fields["expires_after.anchor"];
  const seconds = fields["expires_after[seconds]"] ?? fields["expires_after.seconds"];
  if (anchor === undefined && seconds === undefined) return null;
  if (anchor !== "created_at")
    throw invalidPayload("expires_after.anchor must be 'created_at'.", "expires_after.anchor");
  const n = Number(seconds);
  if (!Number.isInteger(n) || n < EXPIRES_AFTER_SECONDS.min || n > EXPIRES_AFTER_SECONDS.max) {
    throw invalidPayload(
      `expires_after.seconds must be an integer from ${EXPIRES_AFTER_SECONDS.min} to ${EXPIRES_AFTER_SECONDS.max}.`,
      "expires_after.seconds",
    );
  }
  return n;
}

/** Streams a multipart file to disk in batched writes (a default WriteStream writes each 16 kB TLS record); its size. */
async function storePart(source: NodeJS.ReadableStream, path: string): Promise<number> {
  const file = await fs.promises.open(path, "w");
  try {
    const writer = new BatchedFileWriter(positionalFile(file), 0);
    await pipeline(source, writer);
    return writer.written;
  } finally {
    await file.close();
  }
}
