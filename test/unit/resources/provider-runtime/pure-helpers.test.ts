// Pure helpers of the resources that had no test of their own: the job's progress lines, an evaluation case,
// which failures print without a stack trace, and the program-side dataset gate and summaries.
import { describe, expect, it } from "vitest";
import type { FoundryJob, FoundryJobEvent } from "../../../../foundry/data-plane-types";
import { FoundryError } from "../../../../foundry/errors";
import {
  DatasetError,
  gate,
  type PlannedFile,
  summarizeEstimate,
  summarizeFindings,
} from "../../../../program/dataset-plan";
import { evaluationCase } from "../../../../resources/evaluation/run";
import { isExpectedFailure, ProviderError, ResourceInitError } from "../../../../resources/provider-runtime/errors";
import { formatEta, formatMetricsEvent, formatStatus } from "../../../../resources/provider-runtime/job-progress";
import type { TrainingEstimate } from "../../../../validate/estimate";
import type { Finding } from "../../../../validate/types";

describe("formatEta", () => {
  it("is undefined without an estimate (absent, null or 0)", () => {
    expect(formatEta(undefined, 100)).toBeUndefined();
    expect(formatEta(null, 100)).toBeUndefined();
    expect(formatEta(0, 100)).toBeUndefined();
  });

  it("says seconds under a minute, minutes under an hour, hours with one decimal above", () => {
    expect(formatEta(1_000 + 59, 1_000)).toBe("59 s");
    expect(formatEta(1_000 + 60, 1_000)).toBe("1 min");
    expect(formatEta(1_000 + 89, 1_000)).toBe("1 min");
    expect(formatEta(1_000 + 90, 1_000)).toBe("2 min");
    expect(formatEta(1_000 + 3_599, 1_000)).toBe("60 min");
    expect(formatEta(1_000 + 3_600, 1_000)).toBe("1.0 h");
    expect(formatEta(1_000 + 5_400, 1_000)).toBe("1.5 h");
  });

  it("rounds to whole seconds and never goes below 0 s when the estimate has passed", () => {
    expect(formatEta(1_000.4, 1_000)).toBe("0 s");
    expect(formatEta(1_000.6, 1_000)).toBe("1 s");
    expect(formatEta(900, 1_000)).toBe("0 s");
  });
});

describe("formatMetricsEvent", () => {
  const event = (type: string, data?: Record<string, unknown>) =>
    ({
      id: "e",
      object: "fine_tuning.job.event",
      created_at: 1,
      level: "info",
      message: "m",
      type,
      ...(data ? { data } : {}),
    }) as unknown as FoundryJobEvent;

  it("prints step, losses and token accuracy with three decimals", () => {
    expect(
      formatMetricsEvent(
        event("metrics", { step: 12, train_loss: 1.23456, valid_loss: 1.4, train_mean_token_accuracy: 0.5624 }),
      ),
    ).toBe("step 12, train loss 1.235, valid loss 1.400, token accuracy 0.562");
  });

  it("leaves out the figures an event does not carry (a zero is a figure)", () => {
    expect(formatMetricsEvent(event("metrics", { step: 3, train_loss: 0 }))).toBe("step 3, train loss 0.000");
    expect(formatMetricsEvent(event("metrics", { step: 4, valid_loss: 2 }))).toBe("step 4, valid loss 2.000");
    expect(formatMetricsEvent(event("metrics", { step: 5, train_mean_token_accuracy: 1 }))).toBe(
      "step 5, token accuracy 1.000",
    );
    expect(formatMetricsEvent(event("metrics", { step: 6, train_loss: "n/a" }))).toBe("step 6");
  });

  it("ignores events that are not metrics, and metrics events without data", () => {
    expect(formatMetricsEvent(event("message", { step: 1, train_loss: 1 }))).toBeUndefined();
    expect(formatMetricsEvent(event("metrics"))).toBeUndefined();
  });
});

describe("formatStatus", () => {
  const job = (status: string, estimated_finish?: number | null) =>
    ({ id: "ftjob-1", status, estimated_finish }) as unknown as FoundryJob;

  it("shows the ETA of a running job", () => {
    expect(formatStatus(job("running", 1_000 + 600), 1_000)).toBe("job ftjob-1 running (ETA 10 min)");
  });

  it("shows no ETA for a job that is not running, or has no estimate", () => {
    expect(formatStatus(job("queued", 1_000 + 600), 1_000)).toBe("job ftjob-1 queued");
    expect(formatStatus(job("running", null), 1_000)).toBe("job ftjob-1 running");
  });
});

describe("evaluationCase", () => {
  const line = (messages: unknown[]) => JSON.stringify({ messages });

  it("prompts with every message before the last assistant answer, which is the expected reply", () => {
    const c = evaluationCase(
      line([
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello", weight: 0 },
        { role: "user", content: "Bye?" },
        { role: "assistant", content: "Bye." },
      ]),
      "eval.jsonl:1",
    );
    expect(c.expected).toBe("Bye.");
    expect(c.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello" }, // only role and content are sent
      { role: "user", content: "Bye?" },
    ]);
  });

  it("reads a line that starts with a UTF-8 BOM", () => {
    expect(
      evaluationCase(
        "\uFEFF" +
          line([
            { role: "user", content: "Q" },
            { role: "assistant", content: "A" },
          ]),
        "e:1",
      ).expected,
    ).toBe("A");
  });

  it("refuses a line without a prompt before the answer, or without an answer, naming where", () => {
    expect(() => evaluationCase(line([{ role: "assistant", content: "A" }]), "eval.jsonl:3")).toThrow(
      "eval.jsonl:3: an evaluation example needs a prompt and a final assistant answer",
    );
    expect(() => evaluationCase(line([{ role: "user", content: "Q" }]), "eval.jsonl:4")).toThrow(/^eval\.jsonl:4: /);
    expect(() => evaluationCase("{}", "eval.jsonl:5")).toThrow(/^eval\.jsonl:5: /);
  });
});

describe("isExpectedFailure", () => {
  it("is true for the errors whose message tells the user what to do", () => {
    expect(isExpectedFailure(new ProviderError("wrong key"))).toBe(true);
    expect(isExpectedFailure(new ResourceInitError("job failed", "ftjob-1", {}))).toBe(true);
    expect(isExpectedFailure(new FoundryError({ message: "denied", status: 401 }))).toBe(true);
  });

  it("is false for anything else, including objects that only look like those errors", () => {
    expect(isExpectedFailure(new Error("bug"))).toBe(false);
    expect(isExpectedFailure(new TypeError("x is undefined"))).toBe(false);
    expect(isExpectedFailure({ name: "ProviderError", message: "not an Error" })).toBe(false);
    expect(isExpectedFailure("ProviderError")).toBe(false);
    expect(isExpectedFailure(undefined)).toBe(false);
  });
});

describe("the dataset gate before any resource is declared", () => {
  const finding = (severity: Finding["severity"], line: number, rule = "ex.missing_system"): Finding => ({
    file: "datasets/a.jsonl",
    line,
    rule,
    severity,
    message: `${rule} at ${line}`,
  });
  const planned = (findings: Finding[]): PlannedFile => ({
    path: "datasets/a.jsonl",
    result: { findings, stats: { file: "datasets/a.jsonl", bytes: 1, sha256: "x", examples: 1 } },
  });

  it("returns warnings and infos of every file when there is no error", () => {
    const warning = finding("warning", 2);
    const info = finding("info", 0, "file.min_examples");
    expect(gate([planned([warning]), planned([info])])).toEqual([warning, info]);
    expect(gate([])).toEqual([]);
  });

  it("throws one DatasetError listing every error of every file as file:line: severity rule: message, and no warning", () => {
    const files = [
      planned([finding("error", 3, "msg.missing_key"), finding("warning", 4)]),
      planned([finding("error", 7, "ex.data_type")]),
    ];
    let error: unknown;
    try {
      gate(files);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe(
      "dataset validation failed; nothing was uploaded:\n" +
        "  datasets/a.jsonl:3: error msg.missing_key: msg.missing_key at 3\n" +
        "  datasets/a.jsonl:7: error ex.data_type: ex.data_type at 7",
    );
  });
});

describe("summaries kept in the job's inputs", () => {
  const estimate = (cost: number | undefined): TrainingEstimate => ({
    examples: 36,
    trainingTokens: 1_000,
    billedTokens: 3_000,
    epochs: 3,
    epochsEstimated: true,
    estimatedCostUsd: cost,
    hostingPerHourUsd: 1.7,
    priceDate: "2026-11-26",
    currency: "USD",
  });

  it("rounds the cost to cents and leaves out what is not part of the job (hosting)", () => {
    expect(summarizeEstimate(estimate(0.014999))).toEqual({
      examples: 36,
      trainingTokens: 1_000,
      billedTokens: 3_000,
      epochs: 3,
      epochsEstimated: true,
      estimatedCostUsd: 0.01,
      currency: "USD",
      priceDate: "2026-11-26",
    });
    expect(summarizeEstimate(estimate(4.705)).estimatedCostUsd).toBe(4.71);
  });

  it("has no cost key when the cost is unknown (a key holding undefined would diff)", () => {
    expect("estimatedCostUsd" in summarizeEstimate(estimate(undefined))).toBe(false);
  });

  it("keeps only file, line, rule, severity and message of each finding", () => {
    const extra = { file: "f", line: 1, rule: "r", severity: "warning", message: "m", column: 3 } as Finding;
    expect(summarizeFindings([extra])).toEqual([{ file: "f", line: 1, rule: "r", severity: "warning", message: "m" }]);
  });
});
