// The models an account can use: fine-tunable base models and its own fine-tuned models.
import { BASE_MODELS } from "../azure-facts";
import { notFound } from "../http/errors";
import type { JobService } from "./jobs";

const BASE_CREATED = 1735689600; // 2025-01-01; base models have no real creation time here
const YEAR = 365 * 24 * 3600;

export interface ModelInfo {
  id: string;
  created: number;
  base: string | null;
  jobId: string | null;
}

export class ModelService {
  constructor(private readonly jobs: JobService) {}

  list(account: string): ModelInfo[] {
    const base = BASE_MODELS.map((id) => ({ id, created: BASE_CREATED, base: null, jobId: null }));
    const tuned = this.jobs
      .fineTunedModels(account)
      .map((j) => ({ id: j.fine_tuned_model!, created: j.finished_at ?? j.created_at, base: j.model, jobId: j.id }));
    return [...base, ...tuned];
  }
  get(account: string, id: string): ModelInfo {
    const m = this.list(account).find((x) => x.id === id);
    if (!m) throw notFound("model", id);
    return m;
  }
}

/** Dated form (Azure's model object). */
export function datedModel(m: ModelInfo) {
  return {
    id: m.id,
    object: "model",
    created_at: m.created,
    status: "succeeded",
    model: m.base ?? undefined,
    fine_tune: m.jobId ?? undefined,
    capabilities: {
      fine_tune: m.base === null,
      inference: true,
      completion: false,
      chat_completion: true,
      embeddings: false,
    },
    lifecycle_status: "generally-available",
    deprecation: { fine_tune: m.created + YEAR, inference: m.created + 2 * YEAR },
  };
}
/** v1 form (OpenAI's model object). */
export function v1Model(m: ModelInfo) {
  return { id: m.id, object: "model", created: m.created, owned_by: m.base === null ? "system" : "user" };
}
