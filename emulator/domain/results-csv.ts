// results.csv of a fine-tuning job: a header and one row per step, columns exactly as Azure documents them.
import type { MetricsDoc } from "./types";

const RESULTS_COLUMNS = [
  "step",
  "train_loss",
  "train_mean_token_accuracy",
  "valid_loss",
  "validation_mean_token_accuracy",
  "full_valid_loss",
  "full_valid_mean_token_accuracy",
];

const cell = (x: number | undefined) => (x === undefined ? "" : x.toFixed(5));

export function resultsCsv(rows: MetricsDoc[]): string {
  const lines = [RESULTS_COLUMNS.join(",")];
  for (const m of rows) {
    lines.push(
      [
        String(m.step),
        cell(m.train_loss),
        cell(m.train_mean_token_accuracy),
        cell(m.valid_loss),
        cell(m.valid_mean_token_accuracy),
        cell(m.full_valid_loss),
        cell(m.full_valid_mean_token_accuracy),
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}
