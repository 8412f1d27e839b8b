// Test controls under /_emulator/ (auth required like every route): request log, faults, time scale, failing
// a job, expiring a deployment, deployment usage, health.
import type { FastifyInstance } from "fastify";
import { ServiceError } from "../http/errors";
import type { Services } from "../services";

const bad = (message: string) => new ServiceError(400, "BadRequest", message);

export function adminRoutes(app: FastifyInstance, s: Services): void {
  app.get("/_emulator/health", async () => ({
    status: "ok",
    timeScale: s.timing.scale,
    strict: s.strict,
    accounts: s.accounts.list().map((a) => a.name),
  }));

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

  // Prompts the content filter refuses (400 content_filter) or whose completion it filters (finish_reason
  // content_filter); an empty list turns it off.
  app.get("/_emulator/content-filter", async () => ({ rules: s.chat.contentFilter }));
  app.put("/_emulator/content-filter", async (req) => {
    const rules = (req.body as { rules?: unknown } | undefined)?.rules;
    const valid = (r: unknown) => {
      const rule = r as { text?: unknown; where?: unknown };
      return (
        typeof rule?.text === "string" &&
        rule.text.length > 0 &&
        (rule.where === "prompt" || rule.where === "completion")
      );
    };
    if (!Array.isArray(rules) || !rules.every(valid))
      throw bad("rules must be a list of { text: a non-empty string, where: 'prompt' | 'completion' }.");
    s.chat.contentFilter = (rules as { text: string; where: "prompt" | "completion" }[]).map(({ text, where }) => ({
      text,
      where,
    }));
    return { rules: s.chat.contentFilter };
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

  // Preflight controls: another key with Azure role names (403s for what they lack), an account's region.
  app.put("/_emulator/keys", async (req) => {
    const b = (req.body ?? {}) as { key?: unknown; roles?: unknown };
    if (typeof b.key !== "string" || b.key.length < 8) throw bad("key must be a string of at least 8 characters.");
    if (!Array.isArray(b.roles) || !b.roles.every((r) => typeof r === "string"))
      throw bad("roles must be a list of role names.");
    try {
      s.keyRoles.set(b.key, b.roles as string[]);
    } catch (e) {
      throw bad((e as Error).message);
    }
    return { roles: b.roles };
  });
  /** The retirement dates the model list reports for a base model (ISO dates; null or absent = none). */
  app.put("/_emulator/models/:modelId/deprecation", async (req) => {
    const b = (req.body ?? {}) as { fineTune?: unknown; inference?: unknown };
    const dates: { fineTune?: string; inference?: string } = {};
    for (const key of ["fineTune", "inference"] as const) {
      const v = b[key];
      if (v === undefined || v === null) continue;
      if (typeof v !== "string" || Number.isNaN(Date.parse(v))) throw bad(`${key} must be an ISO date or null.`);
      dates[key] = v;
    }
    const { modelId } = req.params as { modelId: string };
    s.retirements.set(modelId, dates);
    return { model: modelId, deprecation: dates };
  });
  app.put("/_emulator/accounts/:account/region", async (req) => {
    const region = (req.body as { region?: unknown } | undefined)?.region;
    if (typeof region !== "string" || !region) throw bad("region must be a non-empty string.");
    const { account } = req.params as { account: string };
    s.regions.set(account, region);
    return { account, region: s.regions.get(account) };
  });

  // Usage, as Azure Monitor would tell it: when each deployment last answered (read by `npm run doctor`).
  app.get("/_emulator/accounts/:account/deployments/usage", async (req) => ({
    deployments: s.deployments.usage((req.params as { account: string }).account),
  }));
  app.put("/_emulator/accounts/:account/deployments/:deployment/last-used", async (req) => {
    const at = Date.parse(String((req.body as { at?: unknown } | undefined)?.at));
    if (!Number.isFinite(at)) throw bad("at must be an ISO 8601 date.");
    const p = req.params as { account: string; deployment: string };
    s.deployments.setLastUsed(p.account, p.deployment, at);
    return { account: p.account, deployment: p.deployment, lastUsedAt: new Date(at).toISOString() };
  });

  app.post("/_emulator/accounts/:account/deployments/:deployment/expire", async (req) => {
    const reason = (req.body as { reason?: unknown } | undefined)?.reason;
    if (reason !== "idle" && reason !== "developerTier") throw bad("reason must be 'idle' or 'developerTier'.");
    const p = req.params as { account: string; deployment: string };
    s.deployments.expire(p.account, p.deployment, reason);
    return { expired: true, account: p.account, deployment: p.deployment, reason };
  });
}
