// One entry of `foundry-finetune:models`: a model this stack trains (its base, data, method, tier, deployment,
// evaluation and quality thresholds), or one it promotes from another stack behind gates.
import { z } from "zod";
import { DEFAULT_THRESHOLDS } from "../../analysis/quality";
import { TRAINING_TIERS, type TrainingTier } from "../../azure/model-tiers";
import { remoteDatasetSchema } from "../remote-dataset";
import { deployment } from "./deployment";
import { method } from "./hyperparameters";

// Azure: at most 40 characters of [a-zA-Z0-9_-], as the API specs say (a Foundry how-to says 18; the program
// allows the specs' 40). The fine-tuned model's name ends in `-{suffix}`.
const suffix = z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, "must be 1-40 characters of letters, digits, '_' or '-'");

/** Training tiers (azure/model-tiers.ts), any case, "DeveloperTier" as Developer; the wire spelling is in azure/wire.ts. */
const trainingType = z
  .string()
  .transform(
    (value) => TRAINING_TIERS.find((t) => t.toLowerCase() === value.toLowerCase().replace(/tier$/, "")) ?? value,
  )
  .pipe(z.enum(TRAINING_TIERS));

/** When the `up` log warns that a model overfits or diverges (analysis/quality.ts defines each signal). */
const quality = z
  .object({
    /** Full validation loss at the end over its minimum, as a fraction: 0.1 warns past 10% above the best epoch. */
    maxValidLossRise: z.number().min(0).default(DEFAULT_THRESHOLDS.maxValidLossRise),
    /** Final full validation loss minus the last epoch's mean train loss, in loss units. */
    maxTrainValidGap: z.number().min(0).default(DEFAULT_THRESHOLDS.maxTrainValidGap),
    /** A step whose train loss exceeds this many times the moving average before it is a spike. */
    lossSpikeFactor: z.number().gt(1).default(DEFAULT_THRESHOLDS.lossSpikeFactor),
  })
  .strict();

const relativeDataPath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."),
    "must be a path inside the project (relative, no '..')",
  )
  .refine((p) => p.endsWith(".jsonl"), "must name a .jsonl file");

const evaluation = z
  .object({
    /** Held-out JSONL (chat format): each example's last assistant message is the expected answer. */
    file: relativeDataPath,
    maxTokens: z.number().int().min(1).max(4096).default(200),
    /**
     * Champion and challenger: when the deployment swaps to a new model, the held-out set runs against the new
     * deployment and the live one, and this decides the swap (analysis/champion-gate.ts). Without it both
     * scores are recorded and the swap always happens.
     */
    gate: z
      .object({
        metric: z.enum(["exactMatch", "tokenOverlap"]).default("tokenOverlap"),
        minImprovementOverLive: z.number().min(-1).max(1).optional(),
        maxRegression: z.number().min(0).max(1).optional(),
        maxContentFiltered: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Thresholds a promoted model must meet, read from the source stack's outputs. */
const gates = z
  .object({
    maxValidLoss: z.number().positive().optional(),
    minValidTokenAccuracy: z.number().min(0).max(1).optional(),
    minTrainedTokens: z.number().int().min(0).optional(),
    minEvalExactMatch: z.number().min(0).max(1).optional(),
    minEvalTokenOverlap: z.number().min(0).max(1).optional(),
  })
  .strict();

export const promotedModel = z
  .object({
    /** The stack that trained the model (`dev`, or `org/foundry-finetune/dev` on Pulumi Cloud) and its model name. */
    promoteFrom: z.object({ stack: z.string().min(1), model: z.string().min(1) }).strict(),
    gates: gates.default({}),
    deployment,
    evaluation: evaluation.optional(),
    /** Pulumi's `protect` on the deployment: destroy refuses to delete it until this is set back to false. */
    protect: z.boolean().optional(),
  })
  .strict();

export const trainedModel = z
  .object({
    /** A base model id, or `{ from: <model of this stack> }` to continue fine-tuning that model's result. */
    baseModel: z.union([z.string().min(1), z.object({ from: z.string().min(1) }).strict()]),
    /** A path in the project, or `{ url, sha256?, validate? }` for data the service imports (program/remote-dataset.ts). */
    trainingFile: z.union([relativeDataPath, remoteDatasetSchema]),
    validationFile: z.union([relativeDataPath, remoteDatasetSchema]).optional(),
    suffix: suffix.optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    /** Default: GlobalStandard where the base model trains globally, else Standard (resolved after parsing). */
    trainingType: trainingType.optional(),
    method: method.default({ type: "supervised", hyperparameters: {} }),
    metadata: z.record(z.string().max(64), z.string().max(512)).optional(),
    /** Wait for the job to finish inside `pulumi up` (progress goes to the log); false returns once submitted. */
    wait: z
      .union([
        z.boolean(),
        z
          .object({
            timeoutMinutes: z
              .number()
              .positive()
              .max(720 * 60),
          })
          .strict(),
      ])
      .default(true),
    deleteModelOnDestroy: z.boolean().default(false),
    /**
     * `always`: train even when a succeeded job on the account already trained this identity. By default such a
     * training is reused, whichever model key, component or stack paid for it (resources/fine-tuning-job/reuse.ts).
     */
    retrain: z
      .literal("always", { error: 'must be "always" (leave it out to reuse an identical training)' })
      .optional(),
    /** Bring an existing job under management (dynamic resources cannot be `pulumi import`ed). */
    adoptJobId: z
      .string()
      .regex(/^ftjob-[a-z0-9]+$/, "must be a job id (ftjob-...)")
      .optional(),
    deployment: deployment.optional(),
    /** Sent to the deployment after each new model; its scores are outputs and can gate promotion. */
    evaluation: evaluation.optional(),
    /** Pulumi's `protect` on the job and the deployment: destroy refuses to delete them until this is false again. */
    protect: z.boolean().optional(),
    /** Thresholds of the overfitting and divergence warnings; the signals are exported either way. */
    quality: quality.default(DEFAULT_THRESHOLDS),
  })
  .strict();

/** A trained model as a program writes it (defaults left out): an entry of `foundry-finetune:models`. */
export type FineTunedModelInput = z.input<typeof trainedModel>;
export type TrainedModelConfig = Omit<z.infer<typeof trainedModel>, "trainingType"> & {
  trainingType: TrainingTier;
  /** The config names no tier: `trainingType` is the model's default, and an existing job keeps the tier it was trained on. */
  trainingTypeDefaulted?: true;
};
export type PromotedModelConfig = z.infer<typeof promotedModel>;
export type DeploymentConfig = z.infer<typeof deployment>;
export type GatesConfig = z.infer<typeof gates>;
export type EvaluationConfig = z.infer<typeof evaluation>;
