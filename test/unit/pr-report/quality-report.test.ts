// Quality in the PR report (pr-report/preview-report.ts, pr-report/quality-report.ts) and the after-up report.
// Fixtures: the dev stack of this project on the local service (3 epochs, overfitting after epoch 1).
// preview-dev-checkpoint-best.json: `deployment.checkpoint: best` added to the trained stack (job unchanged).
// preview-dev-retrain-checkpoint-best.json: then n_epochs 3 -> 1 (retrains; the best is chosen after training).
// outputs-dev-one-epoch.json / outputs-dev-three-epochs.json: `pulumi stack output --json` after each.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BEST_RULE_COLOR, chartSpec, renderSvg } from "../../../analysis/charts";
import { parseResultsCsv } from "../../../analysis/results-csv";
import { previewData } from "../../../pr-report/preview-data";
import { parsePreviewJson } from "../../../pr-report/preview-json";
import { renderReport } from "../../../pr-report/preview-report";
import {
  AFTER_UP_MARKER,
  afterUpModels,
  outputsBeforeUpdate,
  renderAfterUpReport,
} from "../../../pr-report/quality-report";
import { UNKNOWN } from "../../../resources/shared/unknown";

const fixtures = path.join(__dirname, "../../fixtures/reports");
const text = (name: string) => readFileSync(path.join(fixtures, name), "utf8");
const json = (name: string) => JSON.parse(text(name)) as unknown;

describe("PR report: quality beside the estimate", () => {
  it("shows the training a retrain replaces: what was deployed and why, final and best loss, rise, evaluation, beside the new estimate", () => {
    const report = renderReport([parsePreviewJson(text("preview-dev-retrain-checkpoint-best.json"), "dev")]);
    expect(report).toContain(
      [
        "| clippy | retrain, redeploy | n_epochs 3 → 1; swaps to the new fine-tuned model; deploys the checkpoint best by full_valid_loss, chosen after training | 36 | 2.38k (1 epochs) | $0.01 | 1 |",
        "",
        "**Quality of the training each retrain replaces**",
        "",
        "| model | previously deployed | final full valid loss | best checkpoint | rise after best | eval exact match / overlap | new estimate |",
        "|---|---|---:|---|---:|---:|---:|",
        "| clippy | `ftchkpt-5a68011e86397e219c33bcad8b0bed76` (best by full_valid_loss: step 36 (epoch 1 of 3): full_valid_loss 2.5521, lowest of 3 checkpoints (final model 3.4591)) | 3.4591 | step 36 (epoch 1): 2.5521 | +36% | 0 / 0.025 | 2.38k (1 epochs), $0.01 |",
        "",
        "- clippy (previous training): overfitting: full validation loss is lowest at step 36 (epoch 1 of 3: 2.5521) and 36% higher at the end (3.4591 at step 108; threshold 10%), while full validation token accuracy rose from 38.0% to 39.9%. _Suggestion (not applied):_ n_epochs 3 -> 1, learning_rate_multiplier 1 -> 0.5, or more training examples than 36",
      ].join("\n"),
    );
    // Already deploying the best checkpoint: the advice to do so is left out.
    expect(report).not.toContain("deploy the best checkpoint");
    expect(report).toContain(
      "| clippy | replace | Standard | 1 | `ftchkpt-5a68011e86397e219c33bcad8b0bed76` → checkpoint best by full_valid_loss, chosen after training |",
    );
  });

  it("gives CI the same previous figures as JSON", () => {
    const data = previewData([parsePreviewJson(text("preview-dev-retrain-checkpoint-best.json"), "dev")]);
    expect(data.stacks[0]!.models[0]!.previous).toEqual({
      fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-26562bb78ba1d0b1f344b48658c53ffc-clippy",
      finalFullValidLoss: expect.closeTo(3.4591, 4),
      bestStep: 36,
      bestFullValidLoss: 2.5521,
      validLossRiseRatio: 0.3554,
      evaluation: { exactMatch: 0, tokenOverlap: expect.closeTo(0.0246, 3) },
      warnings: [expect.stringMatching(/^overfitting: /), expect.stringMatching(/^train\/validation gap: /)],
    });
  });

  it("says which checkpoint `checkpoint: best` deploys and why once the job has finished, without retraining", () => {
    const report = renderReport([parsePreviewJson(text("preview-dev-checkpoint-best.json"), "dev")]);
    expect(report).toContain("**Estimated training cost: $0.00** · 1 deployment to change");
    expect(report).toContain(
      "deploys checkpoint best by full_valid_loss: step 36 (epoch 1 of 3): full_valid_loss 2.5521, lowest of 3 checkpoints (final model 3.4591)",
    );
    expect(report).toContain(
      "| clippy | replace | Standard | 1 | `gpt-4.1-mini-2025-04-14.ft-26562bb78ba1d0b1f344b48658c53ffc-clippy` → `ftchkpt-5a68011e86397e219c33bcad8b0bed76` | — |",
    );
    // Nothing retrains, so there is no previous training to compare.
    expect(report).not.toContain("Quality of the training");
    expect(report).not.toContain("checkpointRule");
  });
});

describe("PR report: a new model deploying its best checkpoint", () => {
  it("says the checkpoint is chosen after training, since nothing has trained yet", () => {
    const urn = (type: string, name: string) =>
      `urn:pulumi:dev::foundry-finetune::pulumi-nodejs:dynamic/foundry:${type}::${name}`;
    const document = {
      steps: [
        {
          op: "create",
          urn: urn("FineTuningJob", "clippy"),
          newState: {
            type: "pulumi-nodejs:dynamic/foundry:FineTuningJob",
            inputs: {
              modelName: "clippy",
              baseModel: "gpt-4.1-mini-2025-04-14",
              estimate: { examples: 36, billedTokens: 7146, epochs: 3, estimatedCostUsd: 0.04 },
            },
          },
        },
        {
          op: "create",
          urn: urn("ModelDeployment", "clippy"),
          newState: {
            type: "pulumi-nodejs:dynamic/foundry:ModelDeployment",
            inputs: {
              modelName: "clippy",
              name: "clippy",
              sku: { name: "Standard", capacity: 1 },
              model: UNKNOWN,
              checkpointRule: "best by full_valid_loss",
              checkpointReason: UNKNOWN,
            },
            dependencies: [urn("FineTuningJob", "clippy")],
          },
        },
      ],
      diagnostics: [],
      changeSummary: { create: 2 },
    };
    const report = renderReport([parsePreviewJson(document, "dev")]);
    expect(report).toContain(
      "| clippy | train, deploy | new model; deploys the checkpoint best by full_valid_loss, chosen after training |",
    );
    expect(report).toContain(
      "| clippy | create | Standard | 1 | checkpoint best by full_valid_loss, chosen after training |",
    );
    expect(report).not.toContain(UNKNOWN);
  });
});

describe("after-up report", () => {
  const models = afterUpModels(json("outputs-dev-three-epochs.json"), json("outputs-dev-one-epoch.json"));

  it("puts the new training's figures beside the previous one's", () => {
    const report = renderAfterUpReport("dev", models, (p) => p.replace("reports/out/", ""));
    expect(report.startsWith(AFTER_UP_MARKER)).toBe(true);
    expect(report).toContain(
      [
        "| | previous training | this training |",
        "|---|---|---|",
        "| job | `ftjob-03a3f9b4f662e49d86525550c332644d` | `ftjob-26562bb78ba1d0b1f344b48658c53ffc` |",
        "| final train loss | 2.9501 | 0.0760 |",
        "| final full validation loss | 2.3478 | 3.4591 |",
        "| final full validation token accuracy | 0.407 | 0.399 |",
        "| best checkpoint (full validation loss) | step 36 (epoch 1): 2.3478 | step 36 (epoch 1): 2.5521 |",
        "| validation loss rise after the best | 0% | +36% |",
        "| train/validation gap | -0.87 | 3.44 |",
        "| evaluation exact match / token overlap | 0 / 0.082 | 0 / 0.025 |",
      ].join("\n"),
    );
    expect(report).toContain(
      "> [!WARNING]\n> - overfitting: full validation loss is lowest at step 36 (epoch 1 of 3: 2.5521)",
    );
    expect(report).toContain(
      "![loss of clippy](dev/clippy/loss.png)\n![token accuracy of clippy](dev/clippy/accuracy.png)",
    );
  });

  it("shows one column when the job did not change, or there is no earlier snapshot", () => {
    const same = renderAfterUpReport(
      "dev",
      afterUpModels(json("outputs-dev-three-epochs.json"), json("outputs-dev-three-epochs.json")),
    );
    expect(same).toContain("| | this training |\n|---|---|\n| job | `ftjob-26562bb78ba1d0b1f344b48658c53ffc` |");
    expect(renderAfterUpReport("dev", afterUpModels(json("outputs-dev-one-epoch.json")))).toContain(
      "No quality signal crossed its threshold.",
    );
  });

  it("reads the outputs before an update from a preview's Stack step", () => {
    const before = outputsBeforeUpdate(json("preview-dev-retrain-checkpoint-best.json")) as {
      models: Record<string, { jobId: string }>;
    };
    expect(before.models.clippy!.jobId).toBe("ftjob-26562bb78ba1d0b1f344b48658c53ffc");
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), "after-up-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs as `npm run preview:report -- --after-up` with --outputs and --previous files", () => {
    const out = path.join(dir, "after-up.md");
    const result = spawnSync(
      process.execPath,
      [
        require.resolve("tsx/cli"),
        path.join(__dirname, "../../../scripts/preview-report.ts"),
        "--after-up",
        "--stack",
        "dev",
        "--outputs",
        path.join(fixtures, "outputs-dev-three-epochs.json"),
        "--previous",
        path.join(fixtures, "outputs-dev-one-epoch.json"),
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    expect(result.status, result.stderr).toBe(0);
    const written = readFileSync(out, "utf8");
    expect(result.stdout).toBe(written);
    expect(written).toContain("| final full validation loss | 2.3478 | 3.4591 |");
    // Images are linked relative to the report's folder.
    const rel = path
      .relative(dir, path.resolve(__dirname, "../../..", "reports/out/dev/clippy/loss.png"))
      .split(path.sep)
      .join("/");
    expect(written).toContain(`![loss of clippy](${rel})`);
  });
});

describe("charts mark the best checkpoint", () => {
  const rows = parseResultsCsv(text("results-local-service.csv"));

  it("draws a green rule at the best step and says it in the subtitle", () => {
    const spec = chartSpec("loss", rows, { title: "t", bestStep: 36 }) as {
      title: { subtitle: string };
      layer: { data?: { values: { step: number }[] }; layer?: { mark: { color?: string } }[] }[];
    };
    expect(spec.title.subtitle).toContain("best checkpoint: step 36 (2.503)");
    const best = spec.layer.filter((l) => l.layer?.some((m) => m.mark.color === BEST_RULE_COLOR));
    expect(best).toHaveLength(1);
    expect(best[0]!.data!.values.map((v) => v.step)).toEqual([36]);
    const plain = chartSpec("loss", rows, { title: "t" }) as typeof spec;
    expect(plain.layer.some((l) => l.layer?.some((m) => m.mark.color === BEST_RULE_COLOR))).toBe(false);
  });

  it("renders the rule and its label into the SVG", async () => {
    const svg = await renderSvg(chartSpec("loss", rows, { title: "t", bestStep: 36 }));
    const rule = [...svg.matchAll(/<line[^>]*>/g)].map((m) => m[0]).find((l) => l.includes(BEST_RULE_COLOR));
    expect(rule).toBeDefined();
    expect(svg).toContain("best checkpoint: step 36");
  });
});
