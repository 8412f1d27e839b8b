// The Uploads API (POST /uploads, /uploads/{id}/parts, /complete, /cancel) and POST /files/import, on the dated
// data plane only: the v1 spec has neither.
import type { FastifyInstance } from "fastify";
import { withoutNulls } from "../domain/types";
import { invalidPayload } from "../http/errors";
import { accountOf, created } from "../routes/context";
import type { Services } from "../services";
import { type ImportBody, importFile } from "./file-import";
import type { StartBody } from "./service";
import type { PartDoc } from "./store";

export function uploadRoutes(app: FastifyInstance, s: Services, maxUploadBytes: number): void {
  const uploadId = (req: { params: unknown }) => (req.params as { uploadId: string }).uploadId;

  // The spec answers 200 with a Location.
  app.post("/uploads", async (req, reply) => {
    const doc = s.uploads.start(accountOf(s, req), req.body as StartBody);
    return created("dated", req, reply, doc.id).status(200).send(doc);
  });

  app.post("/uploads/:uploadId/parts", async (req) => {
    const account = accountOf(s, req);
    if (!req.isMultipart()) throw invalidPayload("Parts must be multipart/form-data with a 'data' field.", "data");
    let part: PartDoc | undefined;
    for await (const field of req.parts({ limits: { fileSize: maxUploadBytes, files: 1 } })) {
      if (field.type !== "file") continue;
      if (field.fieldname !== "data")
        throw invalidPayload(`Unexpected file field '${field.fieldname}'.`, field.fieldname);
      part = await s.uploads.addPart(account, uploadId(req), field.file);
    }
    if (!part) throw invalidPayload("The 'data' field is required.", "data");
    return part;
  });

  app.post("/uploads/:uploadId/complete", async (req) =>
    s.uploads.complete(accountOf(s, req), uploadId(req), req.body as { part_ids?: unknown }),
  );

  app.post("/uploads/:uploadId/cancel", async (req) => s.uploads.cancel(accountOf(s, req), uploadId(req)));

  app.post("/files/import", async (req, reply) => {
    const doc = await importFile(s.files, s.blobs, accountOf(s, req), req.body as ImportBody, maxUploadBytes);
    // The new file lives under /files, not under /files/import.
    const location = `https://${req.headers.host}${req.url.replace("/files/import", `/files/${doc.id}`)}`;
    return reply.status(201).header("location", location).send(withoutNulls(doc));
  });
}
