import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChartPaths, EPOCH_RULE_COLOR, renderCharts, SERIES, smooth } from "../../../analysis/charts";
import { parseResultsCsv } from "../../../analysis/results-csv";

const rows = parseResultsCsv(readFileSync(path.join(__dirname, "../../fixtures/reports/results.csv"), "utf8"));

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  expect(match).not.toBeNull();
  return { width: Number(match![1]), height: Number(match![2]) };
}

// vega writes an aria-label on every mark ("step: 40; loss: 1.41; series: validation"), which makes the SVG checkable.
function marks(svg: string, role: string): { label: string; attrs: string; d: string }[] {
  const found = [];
  for (const m of svg.matchAll(/<(?:path|line)\s([^>]*)>/g)) {
    const attrs = m[1]!;
    if (!attrs.includes(`aria-roledescription="${role}"`)) continue;
    found.push({
      label: /aria-label="([^"]*)"/.exec(attrs)?.[1] ?? "",
      attrs,
      d: /\sd="([^"]*)"/.exec(attrs)?.[1] ?? "",
    });
  }
  return found;
}

describe("renderCharts", () => {
  let dir: string;
  let paths: ChartPaths;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "charts-"));
    paths = await renderCharts(rows, dir, { title: "clippy", scale: 2 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes both series, full-validation marks and one dashed rule per epoch", async () => {
    for (const [file, metric] of [
      [paths.lossSvg, "loss"],
      [paths.accuracySvg, "value"],
    ] as const) {
      const svg = await readFile(file, "utf8");
      const lines = marks(svg, "line mark");
      const vertices = (series: string) =>
        lines
          .find((l) => l.label.endsWith(`series: ${series}`))!
          .d.split(/[ML]/)
          .filter(Boolean).length;
      expect(vertices(SERIES.trainRaw.label)).toBe(120);
      expect(vertices(SERIES.trainSmoothed.label)).toBe(120);
      expect(vertices(SERIES.validation.label)).toBe(24); // validation every 5th step, joined across the gaps
      for (const s of [SERIES.trainRaw, SERIES.trainSmoothed, SERIES.validation]) {
        expect(lines.find((l) => l.label.endsWith(`series: ${s.label}`))!.attrs).toContain(`stroke="${s.color}"`);
      }
      const fullValidation = marks(svg, "point").filter((p) =>
        p.label.endsWith(`series: ${SERIES.fullValidation.label}`),
      );
      expect(fullValidation.map((p) => p.label.split(";")[0])).toEqual(["step: 40", "step: 80", "step: 120"]);
      const rules = marks(svg, "rule mark");
      expect(rules.map((r) => r.label)).toEqual(["step: 40", "step: 80", "step: 120"]);
      for (const r of rules) expect(r.attrs).toMatch(new RegExp(`stroke="${EPOCH_RULE_COLOR}".*stroke-dasharray=`));
      expect(svg).toContain(metric === "loss" ? "Loss: clippy" : "Token accuracy: clippy");
    }
    expect(await readFile(paths.accuracySvg, "utf8")).toContain("full validation 82.8%");
  });

  it("writes PNGs at scale times the SVG size", async () => {
    for (const [svgFile, pngFile] of [
      [paths.lossSvg, paths.lossPng],
      [paths.accuracySvg, paths.accuracyPng],
    ] as const) {
      const svg = svgSize(await readFile(svgFile, "utf8"));
      const png = pngSize(await readFile(pngFile));
      expect(png.width).toBe(Math.round(svg.width * 2));
      expect(png.height).toBe(Math.round(svg.height * 2));
      expect(png.width).toBeGreaterThan(1400);
    }
  });
});

describe("renderCharts on the local service's results.csv", () => {
  // Real output of the local Foundry service for the dev stack's clippy model: validation on every step.
  const local = parseResultsCsv(
    readFileSync(path.join(__dirname, "../../fixtures/reports/results-local-service.csv"), "utf8"),
  );
  let dir: string;
  let paths: ChartPaths;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "charts-local-"));
    paths = await renderCharts(local, dir, {
      title: "clippy (gpt-4.1-mini-2025-04-14.ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy)",
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("draws dense validation like train: raw values under a smoothed line", async () => {
    for (const file of [paths.lossSvg, paths.accuracySvg]) {
      const svg = await readFile(file, "utf8");
      const lines = marks(svg, "line mark");
      const vertices = (label: string) =>
        lines
          .find((l) => l.label.endsWith(`series: ${label}`))
          ?.d.split(/[ML]/)
          .filter(Boolean).length;
      for (const s of [SERIES.trainRaw, SERIES.trainSmoothed, SERIES.validationRaw, SERIES.validationSmoothed])
        expect(vertices(s.label)).toBe(108);
      expect(vertices(SERIES.validation.label)).toBeUndefined();
      expect(marks(svg, "rule mark").map((r) => r.label)).toEqual(["step: 36", "step: 72", "step: 108"]);
      // the title and caption fit: nothing cut to an ellipsis
      expect(svg).toContain("ft-7dac2e945a3c78a2d93369c9ca1f015a-clippy)</text>");
      expect(svg).toContain("· 108 steps, 3 epochs</text>");
    }
  });
});

describe("smooth", () => {
  it("is bias-corrected: a constant series stays constant", () => {
    expect(smooth([2, 2, 2]).map((v) => v.toFixed(9))).toEqual(["2.000000000", "2.000000000", "2.000000000"]);
    const s = smooth([4, 0], 0.5);
    expect(s[0]).toBe(4);
    expect(s[1]).toBeCloseTo(4 / 3, 9);
  });
});
