// The top level of the stack config: the target, the account, the local service, the api-versions, the data-plane
// surface, price overrides, and the models, each of which is parsed on its own (models.ts).
import { z } from "zod";
import { ARM_API_VERSIONS } from "../../azure/api-versions";
import { type AccountConfig, account } from "./account";
import type { PromotedModelConfig, TrainedModelConfig } from "./models";

const modelName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/, "model names start with a letter and are 1-40 letters, digits, '_' or '-'");

/** The top level; each model entry is parsed on its own (trained or promoted) so errors stay precise. */
export const topLevelSchema = z
  .object({
    target: z.enum(["local", "azure"]).default("local"),
    account,
    /** The local Foundry service: its data directory (inside the project) and port (0 = any free port). */
    local: z
      .object({ dataDir: z.string().default(".foundry-local"), port: z.number().int().min(0).max(65535).default(0) })
      .strict()
      .default({ dataDir: ".foundry-local", port: 0 }),
    apiVersion: z.string().optional(),
    /** A Microsoft.CognitiveServices ARM version that exists (azure/api-versions.ts ARM_API_VERSIONS). */
    armApiVersion: z
      .enum(ARM_API_VERSIONS, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is no Microsoft.CognitiveServices ARM api-version; use one of ${ARM_API_VERSIONS.join(", ")}`,
      })
      .optional(),
    /** The preview warns when a base model's training or inference retirement is this close, in days (default 90). */
    retirementWarningDays: z.number().int().min(0).optional(),
    /**
     * Which data-plane surface to talk to: `dated` (/openai/...?api-version=) or `v1` (/openai/v1/...), whose spec
     * defines job metadata and method hyperparameters. Either is safe: see foundry/job-wire.ts.
     */
    dataPlane: z.enum(["dated", "v1"]).default("dated"),
    /** Overrides of the dated price table (azure/prices.ts), per base model (USD): training, hosting, PTU hours. */
    prices: z
      .record(
        z.string(),
        z
          .object({
            trainingPerMillion: z.number().min(0).optional(),
            hostingPerHour: z.number().min(0).optional(),
            ptuPerHour: z.number().min(0).optional(),
          })
          .strict(),
      )
      .optional(),
    models: z.record(modelName, z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

/** The service keys as a program writes them: `target`, `account`, `local`, `apiVersion`, ... (not `models`). */
export type ServiceInput = Omit<z.input<typeof topLevelSchema>, "models">;
export type StackConfig = Omit<z.infer<typeof topLevelSchema>, "models" | "account"> & {
  account: AccountConfig;
  /** Models this stack trains. */
  models: Record<string, TrainedModelConfig>;
  /** Models this stack promotes from another stack (no training here). */
  promotions: Record<string, PromotedModelConfig>;
};
