// /fine_tuning/jobs: create, list, get, cancel, pause, resume, events, checkpoints (and dated delete).
import type { FastifyInstance } from "fastify";
import type { Services } from "../services";
import { page } from "../http/paging";
import { accountOf, created, type DataSurface } from "./context";

type IdParams = { jobId: string };


export function jobRoutes(app: FastifyInstance, s: Services, surface: DataSurface): void {
  app.post("/fine_tuning/jobs", async (req, reply) => {
    const job = s.jobs.create(accountOf(s, req), req.body);
    return created(surface, req, reply, job.id).send(job);
  });
  app.get("/fine_tuning/jobs", async (req) => {
    const p = page(s.jobs.list(accountOf(s, req)), req.query as object, 20, 100);
    return { object: "list", data: p.data.map((j) => j), has_more: p.has_more };
  });
  app.get("/fine_tuning/jobs/:jobId", async (req) => s.jobs.get(accountOf(s, req), (req.params as IdParams).jobId));
  if (surface === "dated") {
    app.delete("/fine_tuning/jobs/:jobId", async (req, reply) => {
      s.jobs.delete(accountOf(s, req), (req.params as IdParams).jobId);
      return reply.status(204).send();
    });
  }
  app.post("/fine_tuning/jobs/:jobId/cancel", async (req) => s.jobs.cancel(accountOf(s, req), (req.params as IdParams).jobId));
  app.post("/fine_tuning/jobs/:jobId/pause", async (req) => s.jobs.pause(accountOf(s, req), (req.params as IdParams).jobId));
  app.post("/fine_tuning/jobs/:jobId/resume", async (req) => s.jobs.resume(accountOf(s, req), (req.params as IdParams).jobId));
  app.get("/fine_tuning/jobs/:jobId/events", async (req) => {
    const p = page(s.jobs.events(accountOf(s, req), (req.params as IdParams).jobId), req.query as object, 20, 10000);
    return { object: "list", data: p.data, has_more: p.has_more };
  });
  app.get("/fine_tuning/jobs/:jobId/checkpoints", async (req) => {
    const items = s.jobs.checkpoints(accountOf(s, req), (req.params as IdParams).jobId);
    const p = page(items, req.query as object, 10, 100);
    return { object: "list", data: p.data, has_more: p.has_more, first_id: p.data[0]?.id ?? null, last_id: p.data.at(-1)?.id ?? null };
  });
}
