// /fine_tuning/jobs: create, list, get, cancel, pause, resume, events, checkpoints (and dated delete).
import type { FastifyInstance } from "fastify";
import { type EventDoc, type JobDoc, withoutNulls } from "../domain/types";
import { page } from "../http/paging";
import type { Services } from "../services";
import { accountOf, created, type DataSurface } from "./context";

type IdParams = { jobId: string };

/**
 * A job as the surface's schema has it: unset fields omitted, as Azure does; the dated FineTuningJob has no
 * `metadata` (strict mode drops it).
 */
function jobShape(s: Services, surface: DataSurface): (job: JobDoc) => object {
  if (surface !== "dated" || !s.strict.datedDropsMetadata) return (job) => withoutNulls(job);
  return ({ metadata: _dropped, ...rest }) => withoutNulls(rest);
}
/** v1 (OpenAI's schema) spells the level `warn` where the dated LogLevel says `warning`. */
function eventShape(surface: DataSurface): (e: EventDoc) => object {
  return surface === "v1" ? (e) => (e.level === "warning" ? { ...e, level: "warn" } : e) : (e) => e;
}

export function jobRoutes(app: FastifyInstance, s: Services, surface: DataSurface): void {
  const shape = jobShape(s, surface);
  const event = eventShape(surface);
  app.post("/fine_tuning/jobs", async (req, reply) => {
    const job = s.jobs.create(
      accountOf(s, req),
      req.body,
      surface,
      (req.query as { "api-version"?: string })["api-version"],
    );
    return created(surface, req, reply, job.id).send(shape(job));
  });
  app.get("/fine_tuning/jobs", async (req) => {
    const p = page(s.jobs.list(accountOf(s, req)), req.query as object, 20, 100);
    return { object: "list", data: p.data.map(shape), has_more: p.has_more };
  });
  app.get("/fine_tuning/jobs/:jobId", async (req) =>
    shape(s.jobs.get(accountOf(s, req), (req.params as IdParams).jobId)),
  );
  if (surface === "dated") {
    app.delete("/fine_tuning/jobs/:jobId", async (req, reply) => {
      s.jobs.delete(accountOf(s, req), (req.params as IdParams).jobId);
      return reply.status(204).send();
    });
  }
  app.post("/fine_tuning/jobs/:jobId/cancel", async (req) =>
    shape(s.jobs.cancel(accountOf(s, req), (req.params as IdParams).jobId)),
  );
  app.post("/fine_tuning/jobs/:jobId/pause", async (req) =>
    shape(s.jobs.pause(accountOf(s, req), (req.params as IdParams).jobId)),
  );
  app.post("/fine_tuning/jobs/:jobId/resume", async (req) =>
    shape(s.jobs.resume(accountOf(s, req), (req.params as IdParams).jobId)),
  );
  app.get("/fine_tuning/jobs/:jobId/events", async (req) => {
    const p = page(s.jobs.events(accountOf(s, req), (req.params as IdParams).jobId), req.query as object, 20, 10000);
    return { object: "list", data: p.data.map(event), has_more: p.has_more };
  });
  app.get("/fine_tuning/jobs/:jobId/checkpoints", async (req) => {
    const items = s.jobs.checkpoints(accountOf(s, req), (req.params as IdParams).jobId);
    const p = page(items, req.query as object, 10, 100);
    // Azure's dated answer has no first_id/last_id [REC-CHECKPOINTS]; v1 keeps OpenAI's list shape.
    if (surface === "dated") return { object: "list", data: p.data, has_more: p.has_more };
    return {
      object: "list",
      data: p.data,
      has_more: p.has_more,
      first_id: p.data[0]?.id ?? null,
      last_id: p.data.at(-1)?.id ?? null,
    };
  });
}
