// A model's deployment: its name, sku and capacity, and which checkpoint it deploys (the final model, one by
// epoch, step or id, or the best by a checkpoint metric).
import { z } from "zod";
import { CHECKPOINT_METRICS } from "../../analysis/best-checkpoint";
import { DEPLOYMENT_SKUS } from "../../azure/model-tiers";

const sku = z
  .string()
  .transform((value) => DEPLOYMENT_SKUS.find((s) => s.toLowerCase() === value.toLowerCase()) ?? value)
  .pipe(z.enum(DEPLOYMENT_SKUS));

const deploymentName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,50}$/, "must be 2-51 characters of letters, digits, '_', '.' or '-'");

/** `best` ranks the kept checkpoints by full validation loss; `{ best: <metric> }` by another checkpoint metric. */
const bestCheckpoint = [
  z.literal("best", {
    error: 'must be "best" or an object ({ best: <metric> }, { epoch: N }, { step: N } or { id: ftchkpt-... })',
  }),
  z.object({ best: z.enum(CHECKPOINT_METRICS) }).strict(),
] as const;

// One flat union, so a wrong value reads as one list of what is allowed, not a union nested in a union.
const checkpoint = z.union([
  ...bestCheckpoint,
  z.object({ epoch: z.number().int().min(1) }).strict(),
  z.object({ step: z.number().int().min(1) }).strict(),
  z.object({ id: z.string().regex(/^ftchkpt-[a-z0-9]+$/, "must be a checkpoint id (ftchkpt-...)") }).strict(),
]);

export const deployment = z
  .object({
    name: deploymentName,
    sku: sku.default("Standard"),
    capacity: z.number().int().min(1).max(10_000).default(1),
    raiPolicyName: z.string().min(1).optional(),
    versionUpgradeOption: z
      .enum(["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"])
      .default("NoAutoUpgrade"),
    /** Deploy one of the job's checkpoints instead of the final model. */
    checkpoint: checkpoint.optional(),
  })
  .strict();
