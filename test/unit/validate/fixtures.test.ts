// Every error rule has a fixture that fails with exactly that rule at the right line, and a twin that passes.

import { readFileSync } from "node:fs";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkJobFiles, errorRules, MAX_FILE_BYTES, type ValidateOptions, validateFile } from "../../../validate";

const DIR = join(__dirname, "..", "..", "fixtures", "datasets");

interface Case {
  rule: string;
  line: number;
  bad: { file: string; options: ValidateOptions };
  twin: { file: string; options: ValidateOptions };
}

const manifest = JSON.parse(readFileSync(join(DIR, "manifest.json"), "utf8")) as { cases: Case[] };
const JOB_LEVEL_RULES = ["rft.validation_required"];

describe("bad-data corpus", () => {
  it("covers every error rule (job-level rules are tested below)", () => {
    const covered = new Set(manifest.cases.map((c) => c.rule));
    const missing = errorRules().filter((r) => !covered.has(r) && !JOB_LEVEL_RULES.includes(r));
    expect(missing).toEqual([]);
  });

  for (const c of manifest.cases) {
    it(`${c.rule}: the failing file fails with exactly that rule at line ${c.line}`, async () => {
      const { findings } = await validateFile(join(DIR, c.bad.file), c.bad.options);
      const errors = findings.filter((f) => f.severity === "error").map((f) => ({ rule: f.rule, line: f.line }));
      expect(errors).toEqual([{ rule: c.rule, line: c.line }]);
    });

    it(`${c.rule}: the twin passes`, async () => {
      const { findings } = await validateFile(join(DIR, c.twin.file), c.twin.options);
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    });
  }
});

describe("file.size at the real limit", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "validate-size-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("rejects a file over 512 MB without parsing it (sparse file)", async () => {
    const path = join(dir, "huge.jsonl");
    const fh = await open(path, "w");
    await fh.truncate(MAX_FILE_BYTES + 1);
    await fh.close();
    const { findings, stats } = await validateFile(path, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini",
      tokens: false,
    });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([["file.size", 0]]);
    expect(stats.bytes).toBe(MAX_FILE_BYTES + 1);
    expect(stats.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts a file at the limit's side", async () => {
    const path = join(dir, "ok.jsonl");
    await writeFile(path, "");
    const { findings } = await validateFile(path, {
      purpose: "validation",
      method: "supervised",
      baseModel: "gpt-4.1-mini",
    });
    expect(findings.some((f) => f.rule === "file.size")).toBe(false);
  });
});

describe("rft.validation_required (job-level)", () => {
  it("fails a reinforcement job without a validation file", () => {
    expect(checkJobFiles({ method: "reinforcement", trainingFile: "train.jsonl" })).toEqual([
      { file: "train.jsonl", line: 0, rule: "rft.validation_required", severity: "error", message: expect.any(String) },
    ]);
  });

  it("passes with a validation file, and for other methods without one", () => {
    expect(checkJobFiles({ method: "reinforcement", trainingFile: "t.jsonl", validationFile: "v.jsonl" })).toEqual([]);
    expect(checkJobFiles({ method: "supervised", trainingFile: "t.jsonl" })).toEqual([]);
  });
});
