import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePreviewJson, type StackPreview } from "../../../pr-report/preview-json";
import {
  DEFAULT_REPORT_LIMIT,
  GITHUB_COMMENT_LIMIT,
  REPORT_MARKER,
  renderReport,
} from "../../../pr-report/preview-report";
import { summarizeStack } from "../../../pr-report/stack-summary";
import { UNKNOWN } from "../../../resources/shared/unknown";

// The fixtures are real `pulumi preview --json --show-sames` output (serialized provider code and source
// positions elided). preview-dev-one-example-and-capacity.json is this project's dev stack after `pulumi up`,
// with one assistant reply edited in datasets/clippy/train.jsonl and the deployment's capacity set 1 -> 2.
// preview-example-and-capacity.json, preview-create-and-delete.json, preview-failed.json and preview-no-change.json
// come from a two-model program whose resources have the same types and inputs, with trivial providers.
const fixtures = path.join(__dirname, "../../fixtures/reports");
const load = (name: string, stack?: string) => parsePreviewJson(readFileSync(path.join(fixtures, name), "utf8"), stack);

describe("renderReport", () => {
  it("reports one changed example plus one capacity change exactly", () => {
    const expected = [
      "<!-- foundry-finetune-preview -->",
      "## Fine-tuning preview",
      "",
      "### Stack `dev`",
      "",
      "**Estimated training cost: $0.04** · 1 model to retrain · 1 deployment to change · 1 resource unchanged",
      "",
      "| model | action | why | examples | billed tokens | est. cost | warnings |",
      "|---|---|---|---:|---:|---:|---:|",
      "| clippy | retrain, redeploy | training data changed (train.jsonl); swaps to the new fine-tuned model; capacity 1 → 2 | 36 | 7.15k (3 epochs) | $0.04 | 1 |",
      "",
      // The job's state from before the quality signals: its final loss only, beside the new estimate.
      "**Quality of the training each retrain replaces**",
      "",
      "| model | previously deployed | final full valid loss | best checkpoint | rise after best | eval exact match / overlap | new estimate |",
      "|---|---|---:|---|---:|---:|---:|",
      "| clippy | `gpt-4.1-mini-2025-04-14.ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy` (final model) | 3.5440 | — | — | — | 7.15k (3 epochs), $0.04 |",
      "",
      "**Deployment changes**",
      "",
      "| deployment | action | sku | capacity | model | hosting |",
      "|---|---|---|---|---|---:|",
      "| clippy | replace | Standard | 1 → 2 | `gpt-4.1-mini-2025-04-14.ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy` → new fine-tuned model | — |",
      "",
      "**Data findings**",
      "",
      "| severity | where | rule | message |",
      "|---|---|---|---|",
      "| warning | datasets/clippy/train.jsonl | `file.min_examples` | 36 examples; Azure suggests starting with at least 50 |",
      "",
      "<details><summary>Details for <code>dev</code></summary>",
      "",
      "#### clippy",
      "",
      "- base model: `gpt-4.1-mini-2025-04-14`",
      "- job: replace",
      "- why: training data changed (train.jsonl); swaps to the new fine-tuned model; capacity 1 → 2",
      "- training estimate: 36 examples, 2,383 training tokens × 3 epochs = 7,149 billed tokens, $0.04 (prices as of 2026-11-26)",
      "- previous training: 36 examples, 7,146 billed tokens",
      "- method: supervised (n_epochs=3)",
      "- file `datasets/clippy/train.jsonl`: replace, sha256 ac97d3e2… → f2ed621b…, 36 examples",
      "- file `datasets/clippy/valid.jsonl`: same, sha256 7c224593…, 11 examples",
      "- deployment `clippy`: replace (swaps to the new fine-tuned model; capacity 1 → 2)",
      "",
      "| severity | where | rule | message |",
      "|---|---|---|---|",
      "| warning | datasets/clippy/train.jsonl | `file.min_examples` | 36 examples; Azure suggests starting with at least 50 |",
      "",
      "#### Resource changes",
      "",
      "| action | type | name |",
      "|---|---|---|",
      "| replace | `pulumi-nodejs:dynamic/foundry:TrainingFile` | clippy-training |",
      "| replace | `pulumi-nodejs:dynamic/foundry:FineTuningJob` | clippy |",
      "| replace | `pulumi-nodejs:dynamic/foundry:ModelDeployment` | clippy |",
      "",
      "#### Pulumi diagnostics",
      "",
      "- warning `clippy-training`: datasets/clippy/train.jsonl:0: file.min_examples: 36 examples; Azure suggests starting with at least 50",
      "- info: clippy retrains: training data changed (sha256 ac97d3e2 -> f2ed621b)",
      "",
      "Billed tokens = training tokens × epochs; `~` marks an epoch count estimated for `n_epochs: auto` (the service decides; read the real value from the job). Cost = billed tokens × the price table's training price. Hosting = the hourly fee of each deployment (Standard and GlobalStandard: per base model; PTU skus: per PTU; DeveloperTier: none) × 730 hours, billed whether the deployment is used or not.",
      "",
      "</details>",
      "",
      "<sub>Generated by `npm run preview:report` from `pulumi preview --json`. Costs are estimates from a dated price table.</sub>",
      "",
    ].join("\n");
    expect(renderReport([load("preview-dev-one-example-and-capacity.json")])).toBe(expected);
  });

  it("gives each model its own row: a retrain and a capacity-only change", () => {
    const report = renderReport([load("preview-example-and-capacity.json")]);
    expect(report).toContain(
      "| clippy | retrain, update deployment | training data changed (train.jsonl); swaps to the new fine-tuned model | 120 | 142k (3 epochs) | $0.71 | 1 |",
    );
    expect(report).toContain("| support | update deployment | capacity 1 → 2 | 80 | — | — | 0 |");
    expect(report).toContain(
      "| support | update | Standard | 1 → 2 | `gpt-4.1-mini-2025-04-14.ft-55dc2efd-support` | — |",
    );
    expect(report).toContain(
      "**Estimated training cost: $0.71** · 1 model to retrain · 2 deployments to change · 4 resources unchanged",
    );
    // the auto epoch count is marked as an estimate in the details
    expect(report).toContain("30,150 training tokens × ~3 epochs = 90,450 billed tokens");
  });

  it("shows a new model's cost and warns before a deployment is deleted", () => {
    const report = renderReport([load("preview-create-and-delete.json")]);
    expect(report).toContain("> Deployment `support` will be deleted and stop serving requests.");
    expect(report).toContain("| newbie | train, deploy | new model | 640 | 1.24M (~3 epochs) | $6.19 | 2 |");
    expect(report).toContain("| support | delete job, remove deployment | removed from the program | — | — | — | 0 |");
    expect(report).toContain(
      "| warning | datasets/newbie/train.jsonl:301 | `ex.too_long` | 70,112 tokens; the model trains on the first 65,536 |",
    );
    expect(report).toContain("unchanged models: `clippy`");
  });

  it("starts with the hidden marker, once, so CI can find and update its comment", () => {
    for (const fixture of ["preview-example-and-capacity.json", "preview-failed.json", "preview-no-change.json"]) {
      const report = renderReport([load(fixture)]);
      expect(report.startsWith(`${REPORT_MARKER}\n`)).toBe(true);
      expect(report.split(REPORT_MARKER)).toHaveLength(2);
    }
  });

  it("puts a failed preview's file:line:rule in view", () => {
    const report = renderReport([load("preview-failed.json", "dev")]);
    expect(report).toContain("> **Preview failed.** Nothing is uploaded or trained until this is fixed:");
    expect(report).toContain(
      "> - `clippy-training`: datasets/clippy/train.jsonl:42: file.jsonl: line is not valid JSON (Unexpected token } in JSON at position 118)",
    );
    expect(report).toContain("The preview stopped at the error above, so the plan is incomplete");
    expect(report).not.toContain("Estimated training cost");
  });

  it("says so when nothing changes", () => {
    const report = renderReport([load("preview-no-change.json")]);
    expect(report).toContain("No changes (8 resources unchanged).");
    expect(report).not.toContain("| model |");
  });

  it("renders several stacks in the order given", () => {
    const report = renderReport([
      load("preview-example-and-capacity.json", "dev"),
      load("preview-dev-one-example-and-capacity.json", "prod"),
    ]);
    expect(report.indexOf("### Stack `dev`")).toBeGreaterThan(0);
    expect(report.indexOf("### Stack `prod`")).toBeGreaterThan(report.indexOf("### Stack `dev`"));
    expect(report).toContain("<details><summary>Details for <code>prod</code></summary>");
  });

  it("keeps table cells on one line and HTML out of them", () => {
    const preview = load("preview-dev-one-example-and-capacity.json");
    const job = preview.resources.find((r) => r.kind === "job")!;
    job.newInputs = {
      ...job.newInputs,
      findings: [
        { file: "a|b.jsonl", line: 3, rule: "ex.x", severity: "warning", message: "bad </details> | two\nlines" },
      ],
    };
    const report = renderReport([preview]);
    expect(report).toContain("| warning | a\\|b.jsonl:3 | `ex.x` | bad &lt;/details> \\| two lines |");
    expect(report.match(/<\/details>/g)).toHaveLength(1);
  });
});

describe("the comment size limit", () => {
  // Many models with many findings: the details alone are far over the limit.
  function bigPreview(models: number, findingsPerModel: number): StackPreview {
    const base = load("preview-dev-one-example-and-capacity.json");
    const resources = [];
    for (let m = 0; m < models; m++) {
      for (const r of base.resources) {
        const rename = (urn: string) =>
          urn.replace(/::clippy(-training|-validation)?$/, (_, s) => `::model${m}${s ?? ""}`);
        const inputs: Record<string, unknown> | undefined = r.newInputs
          ? { ...r.newInputs, modelName: `model${m}` }
          : undefined;
        if (inputs && r.kind === "job") {
          inputs.findings = Array.from({ length: findingsPerModel }, (_, i) => ({
            file: `datasets/model${m}/train.jsonl`,
            line: i + 1,
            rule: "ex.missing_system",
            severity: i % 10 === 0 ? "warning" : "info",
            message: "example has no system message ".repeat(3),
          }));
        }
        resources.push({
          ...r,
          urn: rename(r.urn),
          name: rename(r.urn).split("::").pop()!,
          newInputs: inputs,
          dependencies: r.dependencies.map(rename),
          propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)]),
          ),
        });
      }
    }
    return { ...base, resources };
  }

  it("cuts details, never the tables, and says so", () => {
    const preview = bigPreview(40, 200);
    const untruncated = renderReport([preview], { limit: Number.MAX_SAFE_INTEGER });
    expect(untruncated.length).toBeGreaterThan(4 * DEFAULT_REPORT_LIMIT);
    const report = renderReport([preview]);
    expect(report.length).toBeLessThanOrEqual(DEFAULT_REPORT_LIMIT);
    expect(DEFAULT_REPORT_LIMIT).toBeLessThan(GITHUB_COMMENT_LIMIT);
    for (let m = 0; m < 40; m++) expect(report).toContain(`| model${m} | retrain, redeploy |`);
    expect(report).toMatch(
      /_\d+ of \d+ detail sections left out to stay under GitHub's 65,535-character comment limit; run `npm run preview:report -- --stack dev` for the full report\._/,
    );
    expect(report.match(/<details>/g)).toHaveLength(1);
    expect(report.match(/<\/details>/g)).toHaveLength(1);
    expect(report.trimEnd().endsWith("</sub>")).toBe(true);
    // what is kept is a prefix of the full details, whole sections only
    expect(report).toContain("#### model0\n");
  });

  it("honours a smaller limit", () => {
    const report = renderReport([bigPreview(3, 50)], { limit: 8000 });
    expect(report.length).toBeLessThanOrEqual(8000);
    expect(report).toContain("| model2 | retrain, redeploy |");
  });
});

describe("parsePreviewJson", () => {
  const step = (op: string, extra: Record<string, unknown> = {}) => ({
    op,
    urn: "urn:pulumi:prod::foundry-finetune::pulumi-nodejs:dynamic:Resource::clippy",
    ...extra,
  });

  it("collapses a replacement's steps into one replace and reads detailedDiff paths", () => {
    const job = {
      type: "pulumi-nodejs:dynamic:Resource",
      inputs: {
        baseModel: "gpt-4.1-mini-2025-04-14",
        estimate: { examples: 3 },
        method: { hyperparameters: { n_epochs: 4 } },
      },
    };
    const old = { ...job, inputs: { ...job.inputs, method: { hyperparameters: { n_epochs: 3 } } } };
    const preview = parsePreviewJson({
      steps: [
        step("create-replacement", {
          newState: job,
          detailedDiff: { "method.hyperparameters.n_epochs": { kind: "update-replace", inputDiff: true } },
        }),
        step("replace", { oldState: old, newState: job, replaceReasons: ["method"] }),
        step("delete-replaced", { oldState: old }),
      ],
      diagnostics: [],
      changeSummary: { replace: 1, same: 2 },
    });
    expect(preview.stack).toBe("prod");
    expect(preview.resources).toHaveLength(1);
    const [change] = preview.resources;
    expect(change).toMatchObject({ action: "replace", kind: "job", name: "clippy", reasonKeys: ["method"] });
    expect(preview.unchanged).toBe(2);
    expect(summarizeStack(preview).rows[0]).toMatchObject({
      model: "clippy",
      action: "retrain",
      reasons: ["n_epochs 3 → 4"],
    });
  });

  it("recognises the resources by type suffix, whatever the package", () => {
    const preview = parsePreviewJson({
      steps: [
        {
          op: "create",
          urn: "urn:pulumi:dev::p::foundry:index:ModelDeployment::a",
          newState: { type: "foundry:index:ModelDeployment", inputs: {} },
        },
        {
          op: "create",
          urn: "urn:pulumi:dev::p::my:component$pulumi-nodejs:dynamic/foundry:TrainingFile::b",
          newState: { type: "pulumi-nodejs:dynamic/foundry:TrainingFile", inputs: {} },
        },
        {
          op: "create",
          urn: "urn:pulumi:dev::p::random:index:RandomId::c",
          newState: { type: "random:index:RandomId", inputs: {} },
        },
      ],
    });
    expect(preview.resources.map((r) => r.kind)).toEqual(["deployment", "file", "other"]);
  });

  it("marks values known only after apply", () => {
    const deployment = (model: unknown, capacity: number) => ({
      type: "foundry:index:ModelDeployment",
      inputs: { name: "d", model, sku: { name: "Standard", capacity } },
    });
    const preview = parsePreviewJson({
      steps: [
        {
          op: "update",
          urn: "urn:pulumi:dev::p::foundry:index:ModelDeployment::d",
          oldState: deployment("m1", 1),
          newState: deployment(UNKNOWN, 1),
        },
      ],
    });
    expect(summarizeStack(preview).rows[0]!.reasons).toEqual(["model known after apply"]);
    expect(renderReport([preview])).toContain("| d | update | Standard | 1 | `m1` → new fine-tuned model |");
  });

  it("explains a continued fine-tune that retrains because the model it starts from retrains", () => {
    const urn = (name: string) => `urn:pulumi:dev::p::pulumi-nodejs:dynamic/foundry:FineTuningJob::${name}`;
    const job = (modelName: string, baseModel: string) => ({
      type: "pulumi-nodejs:dynamic/foundry:FineTuningJob",
      inputs: { modelName, baseModel, estimate: { examples: 5 } },
    });
    const preview = parsePreviewJson({
      steps: [
        {
          op: "replace",
          urn: urn("base"),
          oldState: job("base", "gpt-4.1-mini-2025-04-14"),
          newState: job("base", "gpt-4.1-2025-04-14"),
          replaceReasons: ["baseModel"],
        },
        {
          op: "replace",
          urn: urn("follow"),
          oldState: job("follow", "gpt-4.1-mini-2025-04-14.ft-aa-base"),
          newState: { ...job("follow", UNKNOWN), propertyDependencies: { baseModel: [urn("base")] } },
          replaceReasons: ["baseModel"],
        },
      ],
    });
    expect(summarizeStack(preview).rows.map((r) => [r.model, r.reasons])).toEqual([
      ["base", ["baseModel gpt-4.1-mini-2025-04-14 → gpt-4.1-2025-04-14"]],
      ["follow", ["baseModel comes from the retrained base"]],
    ]);
  });

  it("rejects a document that is not a preview", () => {
    expect(() => parsePreviewJson({ hello: 1 })).toThrow("not a `pulumi preview --json` document");
    expect(() => parsePreviewJson("{oops")).toThrow();
  });
});

describe("npm run preview:report", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "preview-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [require.resolve("tsx/cli"), path.join(__dirname, "../../../scripts/preview-report.ts"), ...args],
      { encoding: "utf8" },
    );

  it("writes the report from --from-json files and prints it", () => {
    const out = path.join(dir, "preview.md");
    const result = run(
      "--stack",
      "dev",
      "--from-json",
      path.join(fixtures, "preview-dev-one-example-and-capacity.json"),
      "--out",
      out,
    );
    expect(result.status).toBe(0);
    const written = readFileSync(out, "utf8");
    expect(result.stdout).toBe(written);
    expect(written).toBe(renderReport([load("preview-dev-one-example-and-capacity.json", "dev")]));
  });

  it("writes the same facts as JSON with --json", () => {
    const json = path.join(dir, "preview.json");
    const result = run(
      "--stack",
      "dev",
      "--from-json",
      path.join(fixtures, "preview-dev-one-example-and-capacity.json"),
      "--out",
      path.join(dir, "p.md"),
      "--json",
      json,
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8"))).toEqual({
      stacks: [
        {
          stack: "dev",
          failed: false,
          errors: [],
          estimatedCostUsd: 0.04,
          hostingUsdPerMonth: 0,
          hostingChangeUsdPerMonth: 0,
          unchangedResources: 1,
          unchangedModels: [],
          models: [
            {
              model: "clippy",
              action: "retrain, redeploy",
              reasons: ["training data changed (train.jsonl)", "swaps to the new fine-tuned model", "capacity 1 → 2"],
              trains: "retrain",
              examples: 36,
              billedTokens: 7149,
              epochs: 3,
              epochsEstimated: false,
              estimatedCostUsd: 0.04,
              warnings: 1,
              errors: 0,
              previous: {
                fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy",
                finalFullValidLoss: 3.54398,
                warnings: [],
              },
            },
          ],
          deployments: [
            {
              name: "clippy",
              action: "replace",
              before: {
                sku: "Standard",
                capacity: 1,
                model: "gpt-4.1-mini-2025-04-14.ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy",
              },
              after: { sku: "Standard", capacity: 2, model: null },
              hostingUsdPerMonth: null,
              hostingChangeUsdPerMonth: 0,
            },
          ],
          findings: [
            {
              file: "datasets/clippy/train.jsonl",
              line: 0,
              rule: "file.min_examples",
              severity: "warning",
              message: "36 examples; Azure suggests starting with at least 50",
            },
          ],
        },
      ],
      totalEstimatedCostUsd: 0.04,
      totalHostingUsdPerMonth: 0,
      totalHostingChangeUsdPerMonth: 0,
      failed: false,
    });
  });

  it("still writes the report when a preview failed, and exits 1", () => {
    const out = path.join(dir, "failed.md");
    const result = run("--stack", "dev", "--from-json", path.join(fixtures, "preview-failed.json"), "--out", out);
    expect(result.status).toBe(1);
    expect(readFileSync(out, "utf8")).toContain("**Preview failed.**");
  });

  it("explains its usage", () => {
    const result = run("--stack", "a", "--stack", "b", "--from-json", path.join(fixtures, "preview-failed.json"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--from-json gives 1 file(s) for 2 --stack name(s)");
  });
});

describe("summarizeStack with model components", () => {
  /**
   * The two-model fixture as a stack made with the components previews it: each resource's parent is its
   * model's component, and the hints the report used before (job dependencies, modelName inputs, the files'
   * names) are removed, so only the parents can tell which resources belong together.
   */
  function withComponents(): StackPreview {
    type State = { inputs?: Record<string, unknown> } & Record<string, unknown>;
    type Step = { op?: string; urn: string; newState?: State; oldState?: State };
    const document = JSON.parse(readFileSync(path.join(fixtures, "preview-example-and-capacity.json"), "utf8")) as {
      steps: Step[];
      changeSummary: Record<string, number>;
    };
    const stackUrn = "urn:pulumi:dev::foundry-finetune::pulumi:pulumi:Stack::foundry-finetune-dev";
    const componentUrn = (model: string) => `urn:pulumi:dev::foundry-finetune::foundry:index:FineTunedModel::${model}`;
    const modelOf = (name: string) => name.replace(/-(training|validation)$/, "");
    const renamed: Record<string, string> = {};
    const steps = document.steps.map((step): Step => {
      const name = step.urn.split("::").pop() as string;
      if (step.urn === stackUrn) return step;
      const type = step.urn.split("::")[2] as string;
      const urn = `urn:pulumi:dev::foundry-finetune::foundry:index:FineTunedModel$${type}::file-${Object.keys(renamed).length}`;
      renamed[step.urn] = urn;
      const strip = (state: State | undefined) =>
        state && {
          ...state,
          parent: componentUrn(modelOf(name)),
          dependencies: [],
          propertyDependencies: {},
          inputs: { ...state.inputs, modelName: undefined },
        };
      return {
        ...step,
        urn,
        ...(step.newState ? { newState: strip(step.newState) } : {}),
        ...(step.oldState ? { oldState: strip(step.oldState) } : {}),
      };
    });
    for (const model of ["clippy", "support"]) {
      steps.push({
        op: "same",
        urn: componentUrn(model),
        newState: { type: "foundry:index:FineTunedModel", parent: stackUrn, inputs: {} },
        oldState: { type: "foundry:index:FineTunedModel", parent: stackUrn, inputs: {} },
      });
    }
    return parsePreviewJson(
      {
        ...document,
        steps,
        changeSummary: { ...document.changeSummary, same: (document.changeSummary.same ?? 0) + 2 },
      },
      "dev",
    );
  }

  it("groups each model's job, files and deployment by their component, and counts no component as a resource", () => {
    const before = summarizeStack(load("preview-example-and-capacity.json", "dev"));
    const after = summarizeStack(withComponents());
    const shape = (s: ReturnType<typeof summarizeStack>) =>
      s.rows.map((r) => ({
        model: r.model,
        files: r.files.length,
        deployments: r.deployments.length,
        trains: r.trains,
      }));
    expect(after.rows.map((r) => r.model).sort()).toEqual(["clippy", "support"]);
    // Each model's own two files: the old reconstruction from the fixture's dependencies gave them all to one model.
    expect(shape(after)).toEqual([
      { model: "clippy", files: 2, deployments: 1, trains: "retrain" },
      { model: "support", files: 2, deployments: 1, trains: false },
    ]);
    expect(after.rows.map((r) => r.action)).toEqual(before.rows.map((r) => r.action));
    expect(after.unchanged).toBe(before.unchanged);
    expect(after.changed.some((r) => r.kind === "model")).toBe(false);
  });
});

describe("a retrain that reuses an identical training of the account", () => {
  it("shows the reused job, no training cost, and no billed tokens", () => {
    const digest = JSON.parse(
      readFileSync(path.join(fixtures, "preview-dev-one-example-and-capacity.json"), "utf8"),
    ) as {
      steps: { urn: string; newState?: { inputs?: Record<string, unknown> } }[];
    };
    for (const step of digest.steps) {
      if (step.urn.endsWith("FineTuningJob::clippy") && step.newState?.inputs)
        step.newState.inputs.reuse = { jobId: "ftjob-0ld", fineTunedModel: "m", trainedAt: "2026-12-01" };
    }
    const summary = summarizeStack(parsePreviewJson(digest, "dev"));
    const row = summary.rows.find((r) => r.model === "clippy")!;
    expect(row.action).toBe("reuse ftjob-0ld, redeploy");
    expect(row.reasons[0]).toBe("reuses ftjob-0ld (trained 2026-12-01), no training cost");
    expect(row.estimatedCost).toBe("$0.00");
    expect(row.billedTokens).toBe("—");
    expect(summary.totalCostUsd).toBe(0);
  });
});
