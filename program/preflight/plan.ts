// Pure: what a stack's config asks of its account (trainings and deployments), for the preflight checks, and
// the key its result is cached under.
import { createHash } from "node:crypto";
import type { PlannedUpload, PreflightPlan } from "../../foundry/preflight-checks";
import type { StackConfig } from "../config";
import { acceptedRootBaseModel } from "../root-base-model";

/** `uploads`: the datasets the stack's TrainingFiles upload, with their sizes (from the dataset plans). */
export function preflightPlan(config: StackConfig, uploads: PlannedUpload[] = []): PreflightPlan {
  const trainings = Object.entries(config.models).map(([key, m]) => {
    const source =
      typeof m.baseModel === "string"
        ? m.baseModel.includes(".ft-")
          ? m.baseModel
          : undefined
        : `model ${m.baseModel.from} of this stack`;
    return {
      key,
      baseModel: acceptedRootBaseModel(config.models, key),
      ...(source ? { source } : {}),
      method: m.method.type,
      trainingType: m.trainingType,
    };
  });
  const deployments = [
    ...Object.entries(config.models).flatMap(([key, m]) =>
      m.deployment
        ? [
            {
              key,
              name: m.deployment.name,
              sku: m.deployment.sku,
              capacity: m.deployment.capacity,
              baseModel: acceptedRootBaseModel(config.models, key),
            },
          ]
        : [],
    ),
    ...Object.entries(config.promotions).map(([key, p]) => ({
      key,
      name: p.deployment.name,
      sku: p.deployment.sku,
      capacity: p.deployment.capacity,
    })),
  ];
  return { account: config.account.name, trainings, deployments, ...(uploads.length > 0 ? { uploads } : {}) };
}

/**
 * The cache key of a preflight: the plan, the account and who asks (a digest of the key or client id, never the
 * secret itself). Any change to one of them runs the checks again.
 */
export function preflightCacheKey(
  config: StackConfig,
  plan: PreflightPlan,
  env: Record<string, string | undefined>,
): string {
  const who = env.FOUNDRY_API_KEY ?? env.AZURE_OPENAI_API_KEY ?? env.AZURE_CLIENT_ID ?? env.ARM_CLIENT_ID ?? "";
  const account = {
    target: config.target,
    ...config.account,
    ...(config.target === "local" ? { local: config.local } : {}),
  };
  return createHash("sha256")
    .update(JSON.stringify({ plan, account, who: createHash("sha256").update(who).digest("hex") }))
    .digest("hex")
    .slice(0, 32);
}
