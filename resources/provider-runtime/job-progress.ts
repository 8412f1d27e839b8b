// Pure formatting of a job's progress for the Pulumi log.
import type { FoundryJob, FoundryJobEvent } from "../../foundry/data-plane-types";

export function formatEta(estimatedFinish: number | null | undefined, nowSeconds: number): string | undefined {
  if (!estimatedFinish) return undefined;
  const left = Math.max(0, Math.round(estimatedFinish - nowSeconds));
  return left >= 3600 ? `${(left / 3600).toFixed(1)} h` : left >= 60 ? `${Math.round(left / 60)} min` : `${left} s`;
}

const fixed = (value: unknown, digits: number) => (typeof value === "number" ? value.toFixed(digits) : undefined);

/** One line per metrics event: "step 12: train loss 1.234, valid loss 1.400, token accuracy 0.562". */
export function formatMetricsEvent(event: FoundryJobEvent): string | undefined {
  const data = (event as { data?: Record<string, unknown> }).data;
  if (event.type !== "metrics" || !data) return undefined;
  const parts = [`step ${data.step}`];
  const trainLoss = fixed(data.train_loss, 3);
  if (trainLoss) parts.push(`train loss ${trainLoss}`);
  const validLoss = fixed(data.valid_loss, 3);
  if (validLoss) parts.push(`valid loss ${validLoss}`);
  const accuracy = fixed(data.train_mean_token_accuracy, 3);
  if (accuracy) parts.push(`token accuracy ${accuracy}`);
  return parts.join(", ");
}

export function formatStatus(job: FoundryJob, nowSeconds: number): string {
  const eta = job.status === "running" ? formatEta(job.estimated_finish, nowSeconds) : undefined;
  return `job ${job.id} ${job.status}${eta ? ` (ETA ${eta})` : ""}`;
}
