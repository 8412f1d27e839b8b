// Warnings and parsing details the fixture corpus (errors only) does not cover.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFinding, type ValidateOptions, validateFile } from "../../../validate";
import { MAX_FINDINGS_PER_RULE } from "../../../validate/findings";

const SFT: ValidateOptions = { purpose: "validation", method: "supervised", baseModel: "gpt-4.1-mini" };
const sys = { role: "system", content: "S" };
const chat = (i: number, extra: object = {}) => ({
  messages: [sys, { role: "user", content: `Q${i}` }, { role: "assistant", content: `A${i}` }],
  ...extra,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "validate-rules-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(lines: (object | string)[], opts: ValidateOptions = SFT, bom = true) {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(
    path,
    (bom ? "\ufeff" : "") + lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"),
  );
  const r = await validateFile(path, { ...opts, tokens: false });
  return r.findings.map((f) => `${f.line} ${f.severity} ${f.rule}`);
}

describe("warnings", () => {
  it("file.bom: missing BOM is a warning on line 1", async () => {
    expect(await check([chat(1)], SFT, false)).toEqual(["1 warning file.bom"]);
    expect(await check([chat(1)])).toEqual([]);
  });

  it("ds.duplicates names the earlier line", async () => {
    expect(await check([chat(1), chat(2), chat(1)])).toEqual(["3 warning ds.duplicates"]);
  });

  it("ex.missing_system, ex.missing_user, msg.unrecognized_key, ex.all_weight_zero", async () => {
    expect(
      await check([
        {
          messages: [
            { role: "user", content: "Q" },
            { role: "assistant", content: "A" },
          ],
        },
      ]),
    ).toEqual(["1 warning ex.missing_system"]);
    expect(await check([{ messages: [sys, { role: "assistant", content: "A" }] }])).toEqual([
      "1 warning ex.missing_user",
    ]);
    expect(
      await check([
        { messages: [sys, { role: "user", content: "Q", mood: "x" }, { role: "assistant", content: "A" }] },
      ]),
    ).toEqual(["1 warning msg.unrecognized_key"]);
    expect(
      await check([
        { messages: [sys, { role: "user", content: "Q" }, { role: "assistant", content: "A", weight: 0 }] },
      ]),
    ).toEqual(["1 warning ex.all_weight_zero"]);
  });

  it("developer role warns outside reinforcement", async () => {
    expect(
      await check([
        {
          messages: [
            { role: "developer", content: "D" },
            { role: "user", content: "Q" },
            { role: "assistant", content: "A" },
          ],
        },
      ]),
    ).toEqual(["1 warning msg.unrecognized_role"]);
  });

  it("tool.defs and tool.deprecated", async () => {
    const call = {
      role: "assistant",
      tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
    };
    const result = { role: "tool", tool_call_id: "c1", content: "r" };
    expect(
      await check([
        { messages: [sys, { role: "user", content: "Q" }, call, result, { role: "assistant", content: "A" }] },
      ]),
    ).toEqual(["1 warning tool.defs"]);
    const legacy = {
      messages: [
        sys,
        { role: "user", content: "Q" },
        { role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } },
      ],
      functions: [{ name: "f", parameters: {} }],
    };
    expect(await check([legacy])).toEqual(["1 warning tool.deprecated", "1 warning tool.deprecated"]);
  });

  it("vis.image_file and vis.skipped_info", async () => {
    const img = (url: string) => ({
      messages: [
        sys,
        { role: "user", content: [{ type: "image_url", image_url: { url } }] },
        { role: "assistant", content: "A" },
      ],
    });
    const vision = { ...SFT, baseModel: "gpt-4o-2024-08-06" };
    expect(await check([img("data:image/gif;base64,R0lGODlh")], vision)).toEqual(["1 warning vis.image_file"]);
    expect(await check([img("https://example.com/a.png")], vision)).toEqual(["0 info vis.skipped_info"]);
  });

  it("rft.grader_fields and model.unknown", async () => {
    const rft = {
      purpose: "validation" as const,
      method: "reinforcement" as const,
      baseModel: "o4-mini",
      graderFields: ["reference_answer"],
    };
    expect(await check([{ messages: [{ role: "user", content: "Q" }] }], rft)).toEqual(["1 warning rft.grader_fields"]);
    expect(await check([chat(1)], { ...SFT, baseModel: "gpt-9" })).toEqual(["0 warning model.unknown"]);
  });

  it("file.min_examples warns under 50 and informs under 100 for training files", async () => {
    const n = (k: number) => Array.from({ length: k }, (_, i) => chat(i));
    expect(await check(n(49), { ...SFT, purpose: "training" })).toEqual(["0 warning file.min_examples"]);
    expect(await check(n(99), { ...SFT, purpose: "training" })).toEqual(["0 info file.min_examples"]);
    expect(await check(n(100), { ...SFT, purpose: "training" })).toEqual([]);
  });
});

describe("lines", () => {
  it("numbers lines from 1, skips blank lines, accepts CRLF and a missing final newline", async () => {
    const path = join(dir, "crlf.jsonl");
    await writeFile(path, "\ufeff" + JSON.stringify(chat(1)) + "\r\n\r\n  \n" + JSON.stringify(chat(2)) + "\r\n{bad");
    const r = await validateFile(path, SFT);
    expect(r.findings.map(formatFinding)).toEqual([
      `${path}:5: error file.jsonl: not valid JSON: ${jsonError("{bad")}`,
    ]);
    expect(r.stats.examples).toBe(2);
  });

  it("caps findings per rule and says how many more there are", async () => {
    const lines = Array.from({ length: MAX_FINDINGS_PER_RULE + 5 }, () => "[]");
    const f = await check(lines);
    expect(f.filter((x) => x.endsWith("ex.data_type"))).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(f[0]).toBe("0 error ex.data_type");
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}
