// Loss and token-accuracy charts from results.csv rows: a vega-lite spec (pure), rendered headless to SVG by
// vega and to PNG by resvg. Colours, line weights and dashed epoch rules carry the meaning, so a PNG rendered
// on a machine without fonts is still readable; text (titles, legend, axis labels) is a bonus.
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { epochBoundaries, finalMetrics, type ResultRow } from "./results-csv";

export type ChartKind = "loss" | "accuracy";

export interface ChartOptions {
  title: string;
  /** Used for epoch rules when the file has no full_valid_* rows (no validation file). */
  stepsPerEpoch?: number;
  /** The best checkpoint's step (lowest full validation loss, analysis/quality.ts): a solid green rule and label. */
  bestStep?: number;
  /** Plot area size in CSS pixels; the PNG is `scale` times the SVG. */
  width?: number;
  height?: number;
  scale?: number;
  /** Extra font files for resvg, on top of the system fonts. */
  fontFiles?: string[];
}

export interface ChartPaths {
  lossSvg: string;
  lossPng: string;
  accuracySvg: string;
  accuracyPng: string;
}

/**
 * Fixed colours: blues for train, oranges for validation (the Foundry portal's convention of one colour per
 * split), light for the raw per-step values and strong for the line to read.
 */
export const SERIES = {
  trainRaw: { label: "train (per step)", color: "#a6c8e6" },
  trainSmoothed: { label: "train (smoothed)", color: "#1f5fa8" },
  validationRaw: { label: "validation (per step)", color: "#f8cfa4" },
  validationSmoothed: { label: "validation (smoothed)", color: "#e8710a" },
  validation: { label: "validation", color: "#e8710a" },
  fullValidation: { label: "full validation (epoch end)", color: "#b8361e" },
} as const;
/** Validation measured on at least this many steps is drawn like train: faint raw values under a smoothed line. */
const DENSE_VALIDATION_POINTS = 40;
export const EPOCH_RULE_COLOR = "#6b6b6b";
/** Green, solid and thicker than the dashed epoch rules, so it reads as the marked step without text. */
export const BEST_RULE_COLOR = "#1a8a3a";

// resvg picks the first family it has; the generic name last keeps any machine's default font working.
const FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

// vega and vega-lite are ES modules with top-level await, which require() cannot load. ts-node (Pulumi's
// runner) rewrites a literal import() into require(), so the native import goes through Function; vitest's VM
// context has no native dynamic import but transforms the literal import() itself, hence the fallback.
const nativeImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

// The parts of vega and vega-lite used here: their own types need a module resolution this project does not use.
interface Vega {
  View: new (runtime: unknown, options: { renderer: "none" }) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
  textMetrics?: { width: unknown; estimateWidth: unknown };
}
interface VegaLite {
  compile(spec: object): { spec: unknown };
}

async function loadVega(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  let modules: unknown[];
  try {
    modules = await Promise.all([nativeImport("vega"), nativeImport("vega-lite")]);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const transformedImport = (specifier: string): Promise<unknown> => import(specifier);
    modules = await Promise.all([transformedImport("vega"), transformedImport("vega-lite")]);
  }
  const [vega, vegaLite] = modules as [Vega, VegaLite];
  // Without a canvas vega guesses 0.8 em per character, which truncates titles and legends that would fit;
  // a per-character-class estimate for a DejaVu-like sans serif is much closer.
  if (vega.textMetrics && vega.textMetrics.width === vega.textMetrics.estimateWidth)
    vega.textMetrics.width = estimateTextWidth;
  return { vega, vegaLite };
}

/** Estimated text width in pixels for a vega text item (font size and weight read from the item). */
function estimateTextWidth(
  item: { fontSize?: number; fontWeight?: string | number } | undefined,
  text: unknown,
): number {
  const size = item?.fontSize ?? 11;
  const bold = item?.fontWeight === "bold" || Number(item?.fontWeight) >= 600;
  let em = 0;
  for (const ch of String(text ?? "")) {
    if (" ilj.,:;'|!()[]ft".includes(ch)) em += 0.34;
    else if (/[0-9]/.test(ch)) em += 0.64;
    else if ("mwMW@%".includes(ch)) em += 0.95;
    else if (/[A-Z]/.test(ch)) em += 0.72;
    else em += 0.6;
  }
  return Math.ceil(em * size * (bold ? 1.1 : 1));
}

/** Both charts for one job, written as loss.svg/.png and accuracy.svg/.png under outDir. */
export async function renderCharts(
  rows: readonly ResultRow[],
  outDir: string,
  options: ChartOptions,
): Promise<ChartPaths> {
  await mkdir(outDir, { recursive: true });
  const paths: ChartPaths = {
    lossSvg: path.join(outDir, "loss.svg"),
    lossPng: path.join(outDir, "loss.png"),
    accuracySvg: path.join(outDir, "accuracy.svg"),
    accuracyPng: path.join(outDir, "accuracy.png"),
  };
  for (const kind of ["loss", "accuracy"] as const) {
    const svg = await renderSvg(chartSpec(kind, rows, options));
    await writeFile(kind === "loss" ? paths.lossSvg : paths.accuracySvg, svg);
    await writeFile(
      kind === "loss" ? paths.lossPng : paths.accuracyPng,
      svgToPng(svg, options.scale ?? 2, options.fontFiles),
    );
  }
  return paths;
}

export async function renderSvg(spec: object): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function svgToPng(svg: string, scale = 2, fontFiles: string[] = []): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

/** Exponential moving average with bias correction, so the first points are not dragged towards 0. */
export function smooth(values: readonly number[], weight = 0.85): number[] {
  let average = 0;
  return values.map((value, i) => {
    average = weight * average + (1 - weight) * value;
    return average / (1 - weight ** (i + 1));
  });
}

interface Point {
  step: number;
  series: string;
  value: number;
}

/**
 * The vega-lite spec for one chart: train (raw and smoothed), validation (raw and smoothed when measured on
 * most steps, as the local service does; points joined across the gaps when sparse, as Azure often writes it),
 * full validation at epoch ends, and a dashed rule at each epoch boundary.
 */
export function chartSpec(kind: ChartKind, rows: readonly ResultRow[], options: ChartOptions): object {
  const keys =
    kind === "loss"
      ? ({ train: "trainLoss", valid: "validLoss", full: "fullValidLoss" } as const)
      : ({ train: "trainTokenAccuracy", valid: "validTokenAccuracy", full: "fullValidTokenAccuracy" } as const);
  const train = present(rows, keys.train);
  const valid = present(rows, keys.valid);
  const full = present(rows, keys.full);
  const denseValidation = valid.length >= DENSE_VALIDATION_POINTS && valid.length * 2 >= train.length;

  const lines: {
    series: { label: string; color: string };
    rows: ResultRow[];
    values: number[];
    width: number;
    points?: boolean;
  }[] = [
    { series: SERIES.trainRaw, rows: train, values: train.map((r) => r[keys.train]!), width: 1 },
    { series: SERIES.trainSmoothed, rows: train, values: smooth(train.map((r) => r[keys.train]!)), width: 2.5 },
    ...(denseValidation
      ? [
          { series: SERIES.validationRaw, rows: valid, values: valid.map((r) => r[keys.valid]!), width: 1 },
          {
            series: SERIES.validationSmoothed,
            rows: valid,
            values: smooth(valid.map((r) => r[keys.valid]!)),
            width: 2.5,
          },
        ]
      : [{ series: SERIES.validation, rows: valid, values: valid.map((r) => r[keys.valid]!), width: 2, points: true }]),
  ].filter((line) => line.rows.length > 0);
  const shown = [...lines.map((l) => l.series), ...(full.length > 0 ? [SERIES.fullValidation] : [])];
  const points: Point[] = lines.flatMap((line) =>
    line.rows.map((r, i) => ({ step: r.step, series: line.series.label, value: line.values[i]! })),
  );
  const fullPoints = full.map((r) => ({ step: r.step, series: SERIES.fullValidation.label, value: r[keys.full]! }));
  const epochs = epochBoundaries(rows, options.stepsPerEpoch).map((step, i) => ({ step, label: `epoch ${i + 1}` }));
  const bestRow = options.bestStep === undefined ? undefined : rows.find((r) => r.step === options.bestStep);
  const best = bestRow
    ? [{ step: bestRow.step, label: `best checkpoint: step ${bestRow.step}`, value: bestRow[keys.full] }]
    : [];

  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain: shown.map((s) => s.label), range: shown.map((s) => s.color) },
    legend: { orient: "bottom", direction: "horizontal", columns: 3, labelLimit: 300, symbolOpacity: 1 },
  };
  const x = { field: "step", type: "quantitative", title: "step", scale: { domainMin: 0, nice: false } };
  const y = {
    field: "value",
    type: "quantitative",
    title: kind === "loss" ? "loss" : "mean token accuracy",
    scale: kind === "loss" ? { zero: false, nice: true } : { domain: [0, 1] },
  };
  const only = (label: string) => [{ filter: { field: "series", equal: label } }];
  // Labels go where the curves are not: loss ends low (labels on top), accuracy ends high (labels at the bottom).
  const labelAtTop = kind === "loss";

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width,
    height,
    background: "white",
    padding: 12,
    title: {
      text: `${kind === "loss" ? "Loss" : "Token accuracy"}: ${options.title}`,
      subtitle: caption(kind, rows, options.stepsPerEpoch, bestRow),
      anchor: "start",
      // vega measures text without a canvas here (an estimate on the wide side): allow for the axis gutter.
      limit: width + 40,
    },
    config: { font: FONT_FAMILY, view: { stroke: "#d0d0d0" }, axis: { grid: true, gridColor: "#ececec" } },
    layer: [
      {
        data: { values: epochs },
        layer: [
          {
            mark: { type: "rule", color: EPOCH_RULE_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { x: { field: "step", type: "quantitative" } },
          },
          {
            mark: {
              type: "text",
              align: "right",
              baseline: labelAtTop ? "top" : "bottom",
              dx: -4,
              dy: labelAtTop ? 4 : -4,
              color: EPOCH_RULE_COLOR,
              fontSize: 11,
            },
            encoding: {
              x: { field: "step", type: "quantitative" },
              y: { value: labelAtTop ? 0 : height },
              text: { field: "label" },
            },
          },
        ],
      },
      {
        data: { values: points },
        layer: lines.flatMap((line) => [
          {
            transform: only(line.series.label),
            mark: { type: "line", strokeWidth: line.width },
            encoding: { x, y, color },
          },
          ...(line.points
            ? [
                {
                  transform: only(line.series.label),
                  mark: { type: "point", filled: true, size: 28, opacity: 1 },
                  encoding: { x, y, color },
                },
              ]
            : []),
        ]),
      },
      ...(best.length > 0 ? [bestLayer(best, x, y, height, labelAtTop)] : []),
      {
        data: { values: fullPoints },
        mark: { type: "point", shape: "diamond", filled: true, size: 160, opacity: 1, stroke: "white", strokeWidth: 1 },
        encoding: { x, y, color },
      },
    ],
    resolve: { scale: { color: "shared" } },
  };
}

/** The best checkpoint: a solid rule, a label beside it, and a ring around its full-validation point. */
function bestLayer(
  best: { step: number; label: string; value?: number }[],
  x: object,
  y: object,
  height: number,
  labelAtTop: boolean,
): object {
  const ringed = best.filter((b) => b.value !== undefined);
  return {
    data: { values: best },
    layer: [
      {
        mark: { type: "rule", color: BEST_RULE_COLOR, strokeWidth: 2.5 },
        encoding: { x: { field: "step", type: "quantitative" } },
      },
      {
        mark: {
          type: "text",
          align: "left",
          baseline: labelAtTop ? "top" : "bottom",
          dx: 5,
          dy: labelAtTop ? 18 : -18,
          color: BEST_RULE_COLOR,
          fontSize: 11,
          fontWeight: "bold",
        },
        encoding: {
          x: { field: "step", type: "quantitative" },
          y: { value: labelAtTop ? 0 : height },
          text: { field: "label" },
        },
      },
      ...(ringed.length > 0
        ? [
            {
              mark: {
                type: "point",
                shape: "circle",
                filled: false,
                size: 520,
                strokeWidth: 2.5,
                color: BEST_RULE_COLOR,
                opacity: 1,
              },
              encoding: { x, y: { ...y, field: "value" } },
            },
          ]
        : []),
    ],
  };
}

function present<K extends keyof ResultRow>(rows: readonly ResultRow[], key: K): ResultRow[] {
  return rows.filter((r) => r[key] !== undefined);
}

function caption(kind: ChartKind, rows: readonly ResultRow[], stepsPerEpoch?: number, best?: ResultRow): string {
  if (rows.length === 0) return "no data";
  const m = finalMetrics(rows, stepsPerEpoch);
  const fmt = (v: number | undefined) =>
    v === undefined ? undefined : kind === "loss" ? v.toFixed(3) : `${(v * 100).toFixed(1)}%`;
  const parts =
    kind === "loss"
      ? ([
          ["train", m.finalTrainLoss],
          ["validation", m.finalValidLoss],
          ["full validation", m.fullValidLoss],
        ] as const)
      : ([
          ["train", m.finalTrainTokenAccuracy],
          ["validation", m.finalValidTokenAccuracy],
          ["full validation", m.fullValidTokenAccuracy],
        ] as const);
  const figures = parts.filter(([, v]) => v !== undefined).map(([name, v]) => `${name} ${fmt(v)}`);
  const bestValue = best?.[kind === "loss" ? "fullValidLoss" : "fullValidTokenAccuracy"];
  const bestText = best
    ? ` · best checkpoint: step ${best.step}${bestValue === undefined ? "" : ` (${fmt(bestValue)})`}`
    : "";
  return `final: ${figures.join(" · ")} · ${m.steps} steps, ${m.epochs} epochs${bestText}`;
}
