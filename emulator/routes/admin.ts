// Test controls under /_emulator/ (auth required like every route): request log, faults, time scale, failing
// a job, expiring a deployment, health.
import type { FastifyInstance } from "fastify";
import type { Services } from "../services";
import { ServiceError } from "../http/errors";

const bad = (message: string) => new ServiceError(400, "BadRequest", message);

export function adminRoutes(app: FastifyInstance, s: Services): void {
  app.get("/_emulator/health", async () => ({ status: "ok", timeScale: s.timing.scale, strict: s.strict, accounts: s.accounts.list().map((a) => a.name) }));

  app.get("/_emulator/requests", async (req) => {
    const since = Number((req.query as { since?: string }).since ?? 0);
    if (!Number.isFinite(since)) throw bad("since must be a number.");
    return { requests: s.requests.since(since) };
  });

  app.get("/_emulator/faults", async () => s.faults.config);
  app.put("/_emulator/faults", async (req) => {
    try {
      s.faults.set(req.body as never);
    } catch (e) {
      throw bad((e as Error).message);
    }
    return s.faults.config;
  });

  app.put("/_emulator/time-scale", async (req) => {
    const v = (req.body as { timeScale?: unknown } | undefined)?.timeScale;
    if (typeof v !== "number" || !(v >= 0)) throw bad("timeScale must be a non-negative number.");
    s.timing.scale = v;
    return { timeScale: v };
  });

  app.post("/_emulator/jobs/:jobId/fail", async (req) => {
    const message = (req.body as { message?: unknown } | undefined)?.message;
    if (typeof message !== "string" || !message) throw bad("message must be a non-empty string.");
    return s.jobs.fail((req.params as { jobId: string }).jobId, message);
  });

  app.post("/_emulator/accounts/:account/deployments/:deployment/expire", async (req) => {
    const reason = (req.body as { reason?: unknown } | undefined)?.reason;
    if (reason !== "idle" && reason !== "developerTier") throw bad("reason must be 'idle' or 'developerTier'.");
    const p = req.params as { account: string; deployment: string };
    s.deployments.expire(p.account, p.deployment, reason);
    return { expired: true, account: p.account, deployment: p.deployment, reason };
  });
}
