// Hosting cost everywhere training cost is shown: the dated table's hourly fees (validate/estimate.ts), the
// preview's line per deployment (resources/model-deployment/contract.ts), and the PR report's monthly figure and
// the change a PR makes (pr-report/hosting.ts, preview-report.ts, preview-data.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PRICE_DATE } from "../../../azure/prices";
import { previewData } from "../../../pr-report/preview-data";
import { parsePreviewJson } from "../../../pr-report/preview-json";
import { renderReport } from "../../../pr-report/preview-report";
import { afterUpModels, renderAfterUpReport } from "../../../pr-report/quality-report";
import { hostingOf } from "../../../program/hosting";
import { type HostingSummary, hostingNote } from "../../../resources/model-deployment/contract";
import { estimateHosting } from "../../../validate/estimate";

describe("estimateHosting: the table's hourly fee per sku", () => {
  it("bills Standard and GlobalStandard per base model whatever the capacity, PTU skus per PTU, DeveloperTier nothing", () => {
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "Standard", capacity: 50 })).toMatchObject({
      perHourUsd: 1.7,
      perMonthUsd: 1241,
    });
    expect(estimateHosting({ baseModel: "gpt-4o", sku: "GlobalProvisionedManaged", capacity: 15 })).toMatchObject({
      perHourUsd: 15,
      perMonthUsd: 10950,
    });
    expect(estimateHosting({ baseModel: "gpt-4o", sku: "ProvisionedManaged", capacity: 50 })).toMatchObject({
      perHourUsd: 100,
      perMonthUsd: 73000,
    });
    expect(estimateHosting({ baseModel: "gpt-4.1-mini", sku: "DeveloperTier", capacity: 50 })).toMatchObject({
      perHourUsd: 0,
      perMonthUsd: 0,
    });
  });

  it("takes the stack's overrides: hosting per hour, and ptuPerHour for a PTU sku", () => {
    expect(
      estimateHosting({
        baseModel: "gpt-4o",
        sku: "GlobalProvisionedManaged",
        capacity: 20,
        prices: { "gpt-4o": { ptuPerHour: 0.5 } },
      }).perHourUsd,
    ).toBe(10);
    expect(
      estimateHosting({ baseModel: "gpt-4o", sku: "Standard", prices: { "gpt-4o": { ptuPerHour: 0.5 } } }).perHourUsd,
    ).toBe(1.7);
    expect(
      estimateHosting({ baseModel: "custom-base", sku: "Standard", prices: { "custom-base": { hostingPerHour: 3 } } })
        .perHourUsd,
    ).toBe(3);
  });

  it("prices a deployment by the root base model of a fine-tuned name", () => {
    expect(hostingOf("gpt-4.1-mini-2025-04-14.ft-abc-clippy", { sku: "Standard", capacity: 1 })).toEqual({
      baseModel: "gpt-4.1-mini-2025-04-14",
      perHourUsd: 1.7,
      perMonthUsd: 1241,
      priceDate: PRICE_DATE,
      currency: "USD",
    });
    expect(hostingOf("mystery", { sku: "Standard", capacity: 1 })).not.toHaveProperty("perMonthUsd");
  });
});

describe("the preview's hosting line", () => {
  const standard: HostingSummary = {
    baseModel: "gpt-4.1-mini-2025-04-14",
    perHourUsd: 1.7,
    perMonthUsd: 1241,
    priceDate: "2026-11-26",
    currency: "USD",
  };
  it("says what a new deployment adds per month, and nothing when the bill stays the same", () => {
    expect(hostingNote("clippy", undefined, standard, { name: "Standard", capacity: 1 })).toBe(
      "clippy: hosting $1,241.00/month (Standard x1, $1.7/h, prices of 2026-11-26), +$1,241.00/month",
    );
    expect(hostingNote("clippy", standard, standard)).toBeUndefined();
    expect(hostingNote("clippy", standard, { ...standard, perHourUsd: 0, perMonthUsd: 0 })).toBe(
      "clippy: hosting $0.00/month, -$1,241.00/month",
    );
    expect(hostingNote("clippy", undefined, { baseModel: "mystery", priceDate: "x", currency: "USD" })).toMatch(
      /hosting cost unknown: no hosting price for mystery/,
    );
  });
});

describe("the PR report's hosting", () => {
  // A real preview of a new model (training and deployment created), with the hosting the program now prices.
  const raw = JSON.parse(
    readFileSync(path.join(__dirname, "../../fixtures/reports/preview-create-and-delete.json"), "utf8"),
  );
  const withHosting = (perMonthUsd: number) => ({
    baseModel: "gpt-4.1-mini-2025-04-14",
    perHourUsd: perMonthUsd / 730,
    perMonthUsd,
    priceDate: PRICE_DATE,
    currency: "USD",
  });
  for (const step of raw.steps) {
    if (
      !String(step.urn).endsWith("ModelDeployment::newbie") &&
      !String(step.urn).includes("ModelDeployment::support") &&
      !String(step.urn).includes("ModelDeployment::clippy")
    )
      continue;
    for (const side of ["newState", "oldState"]) if (step[side]?.inputs) step[side].inputs.hosting = withHosting(1241);
  }
  const preview = parsePreviewJson(raw, "dev");

  it("shows each changed deployment's monthly hosting and the change, and the stack's total in the headline", () => {
    const report = renderReport([preview]);
    expect(report).toMatch(/\| newbie \| create \|[^\n]*\| \$1,241\.00\/month \(\+\$1,241\.00\/month\) \|/);
    expect(report).toMatch(/\| support \| delete \|[^\n]*\| \$0\.00\/month \(-\$1,241\.00\/month\) \|/);
    // One deployment added, one removed, one unchanged: the bill stays at two deployments' worth.
    expect(report).toContain("**hosting $2,482.00/month**");
    const data = previewData([preview]);
    expect(data.stacks[0]).toMatchObject({ hostingUsdPerMonth: 2482, hostingChangeUsdPerMonth: 0 });
    expect(data.stacks[0]!.deployments.find((d) => d.name.startsWith("newbie"))).toMatchObject({
      hostingUsdPerMonth: 1241,
      hostingChangeUsdPerMonth: 1241,
    });
  });
});

describe("the change a PR makes to a deployment it updates", () => {
  const load = (before: number | undefined, after: number) => {
    const raw = JSON.parse(
      readFileSync(path.join(__dirname, "../../fixtures/reports/preview-example-and-capacity.json"), "utf8"),
    );
    for (const step of raw.steps) {
      if (!String(step.urn).endsWith("ModelDeployment::support")) continue;
      const priced = (perMonthUsd: number) => ({
        baseModel: "gpt-4.1-mini-2025-04-14",
        perHourUsd: perMonthUsd / 730,
        perMonthUsd,
        priceDate: PRICE_DATE,
        currency: "USD",
      });
      if (step.oldState?.inputs && before !== undefined) step.oldState.inputs.hosting = priced(before);
      if (step.newState?.inputs) step.newState.inputs.hosting = priced(after);
    }
    return previewData([parsePreviewJson(raw, "dev")]).stacks[0]!.deployments.find((d) =>
      d.name.startsWith("support"),
    )!;
  };

  it("is the difference of the monthly fees before and after", () => {
    expect(load(1241, 2482)).toMatchObject({
      action: "update",
      hostingUsdPerMonth: 2482,
      hostingChangeUsdPerMonth: 1241,
    });
    expect(load(1241, 0)).toMatchObject({ hostingUsdPerMonth: 0, hostingChangeUsdPerMonth: -1241 });
  });

  it("is none when the state was written before hosting was priced", () => {
    expect(load(undefined, 1241)).toMatchObject({ hostingUsdPerMonth: 1241, hostingChangeUsdPerMonth: 0 });
  });
});

describe("the after-up report", () => {
  it("shows the deployment's monthly hosting and, after a swap, the live model's scores beside the new one's", () => {
    const scores = (exactMatch: number, tokenOverlap: number, contentFiltered = 0) => ({
      examples: 10,
      exactMatch,
      tokenOverlap,
      contentFiltered,
      latencyMsP50: 1,
      latencyMsP95: 2,
    });
    const outputs = {
      models: {
        clippy: {
          jobId: "ftjob-2",
          fineTunedModel: "gpt-4.1-mini-2025-04-14.ft-2-clippy",
          metrics: { fullValidLoss: 3 },
          deployment: { model: "gpt-4.1-mini-2025-04-14.ft-2-clippy", hosting: { perHourUsd: 1.7, perMonthUsd: 1241 } },
          evaluation: {
            ...scores(0.1, 0.2, 1),
            challenge: {
              live: {
                deploymentName: "clippy-9f8e7d6c",
                model: "gpt-4.1-mini-2025-04-14.ft-1-clippy",
                scores: scores(0, 0.089),
              },
              candidate: {
                deploymentName: "clippy-1a2b3c4d",
                model: "gpt-4.1-mini-2025-04-14.ft-2-clippy",
                scores: scores(0.1, 0.2, 1),
              },
              fileSha256: "ab",
            },
          },
        },
      },
    };
    const report = renderAfterUpReport("dev", afterUpModels(outputs));
    expect(report).toContain("| hosting (730 h a month) | $1,241.00/month ($1.70/h) |");
    expect(report).toContain("| evaluation exact match / token overlap | 0.1 / 0.2 |");
    expect(report).toContain("| live model it replaced: exact match / token overlap | 0 / 0.089 (`clippy-9f8e7d6c`) |");
    expect(report).toContain("| refused by the content filter (new / live) | 1 / 0 |");
  });
});

describe("the stack's monthly hosting counts the deployments the preview does not list", () => {
  it("adds each unlisted model's hosting from the stack's outputs, and no listed one twice", () => {
    const noChange = parsePreviewJson(
      readFileSync(path.join(__dirname, "../../fixtures/reports/preview-no-change.json"), "utf8"),
      "dev",
    );
    const outputs = {
      models: {
        clippy: { deployment: { hosting: { perMonthUsd: 1241 } } },
        polished: { deployment: { hosting: { perMonthUsd: 0 } } },
      },
    };
    expect(renderReport([{ ...noChange, outputs }])).toMatch(
      /No changes \(\d+ resources? unchanged\); hosting \$1,241\.00\/month\./,
    );
    expect(renderReport([noChange])).not.toContain("hosting $");
    const changed = parsePreviewJson(
      readFileSync(path.join(__dirname, "../../fixtures/reports/preview-example-and-capacity.json"), "utf8"),
      "dev",
    );
    // support is listed (its capacity changes); only the unlisted model is added from the outputs.
    const both = {
      models: {
        support: { deployment: { hosting: { perMonthUsd: 1241 } } },
        other: { deployment: { hosting: { perMonthUsd: 100 } } },
      },
    };
    expect(previewData([{ ...changed, outputs: both }]).stacks[0]!.hostingUsdPerMonth).toBe(100);
  });
});
