// Spellings Azure expects on the wire: the training tier, a fine-tuned model's deployment format, an upload's
// parts.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.
import type { TrainingTier } from "./model-tiers";

/**
 * Wire spelling of the Azure-only top-level `trainingType` create field: the spellings Azure accepted (201) in
 * the SDK's recorded job creates, "Standard", "GlobalStandard" and "developerTier" [REC-CREATE]. Azure echoes
 * them as "standard", "globalStandard", "developerTier" (job-check.ts compares without case).
 */
export const TRAINING_TYPE_WIRE: Record<TrainingTier, string> = {
  Standard: "Standard",
  GlobalStandard: "GlobalStandard",
  Developer: "developerTier",
};

/** Fine-tuned models are always deployed with this format and version [D-DEPLOY]. */
export const FINE_TUNED_MODEL_FORMAT = "OpenAI";
export const FINE_TUNED_MODEL_VERSION = "1";

/** The spec's start example sends `application/json` for a fine-tune .jsonl file. */
export const UPLOAD_MIME_TYPE = "application/json";
/**
 * UNCONFIRMED: what `part_ids` of a complete lists. The 2025-04-01-preview spec's UploadFile_Complete example lists
 * the parts' `azure_block_id` values; OpenAI's API takes the parts' `id`s. The client sends the spec example's
 * reading first and, if the list is refused (400), the other (foundry/uploads.ts); the local service, strict,
 * takes only the spec's.
 */
export const UPLOAD_COMPLETE_PART_ID: "id" | "azure_block_id" = "azure_block_id";
