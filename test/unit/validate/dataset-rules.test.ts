// The dataset-wide rules and statistics of validate/validator.ts (checkModel, DatasetState), through small files:
// the model checks, the example-count thresholds, identical answers, remote images, too-long examples and the
// token statistics, with the messages a user reads.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ValidateOptions } from "../../../validate/types";
import { validateFile } from "../../../validate/validator";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "validate-dataset-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sys = { role: "system", content: "S" };
const chat = (i: number, answer = `A${i}`) => ({
  messages: [sys, { role: "user", content: `Q${i}` }, { role: "assistant", content: answer }],
});
const SFT: ValidateOptions = { purpose: "validation", method: "supervised", baseModel: "gpt-4.1-mini", tokens: false };

async function validate(lines: unknown[], options: ValidateOptions = SFT) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, "\uFEFF" + lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"));
  return validateFile(path, options);
}
const said = async (lines: unknown[], options: ValidateOptions = SFT) =>
  (await validate(lines, options)).findings.map((f) => `${f.line} ${f.severity} ${f.rule}: ${f.message}`);
const n = (count: number) => Array.from({ length: count }, (_, i) => chat(i));

describe("the base model", () => {
  it("names an unknown model, and what each known model cannot do", async () => {
    expect(await said(n(2), { ...SFT, baseModel: "gpt-9" })).toEqual([
      "0 warning model.unknown: gpt-9 is not in the table of fine-tunable models; token limit and price are guesses",
    ]);
    expect(await said(n(2), { ...SFT, baseModel: "gpt-4o-mini", method: "dpo" })).toContain(
      "0 error dpo.model: gpt-4o-mini-2024-07-18 does not support DPO (gpt-4o-2024-08-06 and the gpt-4.1 family do)",
    );
    expect(
      await said([{ messages: [{ role: "user", content: "Q" }] }], {
        ...SFT,
        baseModel: "gpt-4.1-mini",
        method: "reinforcement",
      }),
    ).toEqual([
      "0 error rft.model: gpt-4.1-mini-2025-04-14 does not support reinforcement fine-tuning (o4-mini-2025-04-16 does)",
    ]);
    expect(await said(n(2), { ...SFT, baseModel: "o4-mini" })).toEqual([
      "0 error model.method: o4-mini-2025-04-16 does not support supervised fine-tuning (methods: reinforcement)",
    ]);
  });

  it("accepts each method on a model that supports it", async () => {
    expect(
      await said([{ messages: [{ role: "user", content: "Q" }] }], {
        ...SFT,
        baseModel: "o4-mini",
        method: "reinforcement",
      }),
    ).toEqual([]);
    const pair = (i: number) => ({
      input: { messages: [sys, { role: "user", content: `Q${i}` }] },
      preferred_output: [{ role: "assistant", content: `A${i}` }],
      non_preferred_output: [{ role: "assistant", content: `B${i}` }],
    });
    expect(await said([pair(1), pair(2)], { ...SFT, baseModel: "gpt-4.1", method: "dpo" })).toEqual([]);
  });
});

describe("example counts of a training file", () => {
  const training = { ...SFT, purpose: "training" as const };

  it("needs 10, suggests 50 and is comfortable from 100, with the count in the message", async () => {
    expect(await said(n(9), training)).toEqual(["0 error file.min_examples: 9 examples; training needs at least 10"]);
    expect(await said(n(10), training)).toEqual([
      "0 warning file.min_examples: 10 examples; Azure suggests starting with at least 50",
    ]);
    expect(await said(n(50), training)).toEqual([
      "0 info file.min_examples: 50 examples; quality usually improves past 100",
    ]);
  }, 30_000);

  it("does not count examples of a validation file", async () => {
    expect(await said(n(1))).toEqual([]);
  });
});

describe("answers", () => {
  it("refuses a set where every example gives the same answer, saying how many", async () => {
    expect(await said([chat(1, "Same"), chat(2, "Same"), chat(3, "Same")])).toEqual([
      "0 error ds.identical_outputs: all 3 examples end with the same assistant answer: the model would learn one reply",
    ]);
  });

  it("accepts one differing answer, a single example, examples without an answer, and reinforcement prompts", async () => {
    expect(await said([chat(1, "Same"), chat(2, "Same"), chat(3, "Other")])).toEqual([]);
    expect(await said([chat(1, "Other"), chat(2, "Same"), chat(3, "Same")])).toEqual([]);
    expect(await said([chat(1, "Same")])).toEqual([]);
    const noAnswer = { messages: [sys, { role: "user", content: "Q" }] };
    expect((await said([noAnswer, noAnswer, chat(3, "Same")])).filter((f) => f.includes("identical"))).toEqual([]);
    const prompt = (i: number) => ({
      messages: [
        { role: "user", content: `Q${i}` },
        { role: "assistant", content: "Same" },
        { role: "user", content: "again" },
      ],
    });
    expect(
      (await said([prompt(1), prompt(2)], { ...SFT, baseModel: "o4-mini", method: "reinforcement" })).filter((f) =>
        f.includes("identical"),
      ),
    ).toEqual([]);
  });

  it("names the earlier line of a duplicate", async () => {
    expect(await said([chat(1), chat(2), chat(1), chat(2)])).toEqual([
      "3 warning ds.duplicates: same example as line 1",
      "4 warning ds.duplicates: same example as line 2",
    ]);
  });
});

describe("images across the file", () => {
  it("reports remote image URLs once for the file, with their count", async () => {
    const img = (url: string) => ({ type: "image_url", image_url: { url } });
    const line = {
      messages: [
        sys,
        { role: "user", content: [img("https://x/a.png"), img("https://x/b.png")] },
        { role: "assistant", content: "A" },
      ],
    };
    expect(
      await said(
        [
          line,
          {
            ...line,
            messages: [...line.messages, { role: "user", content: "more" }, { role: "assistant", content: "B" }],
          },
        ],
        { ...SFT, baseModel: "gpt-4o" },
      ),
    ).toEqual([
      "0 info vis.skipped_info: 4 remote image URL(s): they must be publicly reachable; images with people, faces, children or CAPTCHAs are skipped",
    ]);
  });
});

describe("token statistics", () => {
  it("sums, averages (one decimal) and bounds the examples' tokens, and counts the assistant's apart", async () => {
    const r = await validate([chat(1, "one"), chat(2, "one two three four five six"), chat(3, "x")], {
      ...SFT,
      tokens: true,
    });
    const t = r.stats.tokens!;
    expect(r.stats.examples).toBe(3);
    expect(t.limit).toBe(65_536);
    expect(t.encoding).toBe("o200k_base");
    expect(t.min).toBeLessThan(t.max);
    expect(t.total).toBe(t.billablePerEpoch);
    expect(t.mean).toBe(Math.round((t.total / 3) * 10) / 10);
    expect(t.overLimit).toBe(0);
    expect(t.assistant).toBeGreaterThan(3);
    expect(t.assistant).toBeLessThan(t.total);
    expect(t.min + t.max).toBeLessThan(t.total);
  });

  it("are all 0 for a file without examples", async () => {
    const r = await validate(["", "  "], { ...SFT, tokens: true });
    expect(r.stats.tokens).toEqual({
      min: 0,
      mean: 0,
      max: 0,
      total: 0,
      assistant: 0,
      billablePerEpoch: 0,
      overLimit: 0,
      limit: 65_536,
      encoding: "o200k_base",
    });
  });

  it("are absent when tokens are not counted", async () => {
    expect((await validate(n(2))).stats.tokens).toBeUndefined();
  });

  it("names the model and its limit for an example over it, and bills only the limit", async () => {
    const long = "word ".repeat(33_000);
    const r = await validate([chat(1), chat(2, long)], { ...SFT, baseModel: "gpt-4.1-nano", tokens: true });
    const t = r.stats.tokens!;
    expect(r.findings.map((f) => `${f.line} ${f.rule}: ${f.message}`)).toEqual([
      `2 ex.too_long: example has ${t.max} tokens; gpt-4.1-nano trains on at most 32768 per example (the rest is cut)`,
    ]);
    expect(t.billablePerEpoch).toBe(t.min + 32_768);
    expect(t.overLimit).toBe(1);
  });
});
