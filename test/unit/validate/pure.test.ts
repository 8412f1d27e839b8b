// The validator's pure parts on their own: the rule catalogue, findings and their cap, the
// per-region parse (line numbers, CRLF, invalid UTF-8, blank lines, keys) and the job-level rule.
import { describe, expect, it } from "vitest";
import { resolveBaseModel } from "../../../azure/models";
import { countBySeverity, FindingCollector, formatFinding, MAX_FINDINGS_PER_RULE } from "../../../validate/findings";
import { checkJobFiles } from "../../../validate/job-files";
import { countLines, processRegion, type RegionContext, textKey, transferables } from "../../../validate/region";
import { errorRules, RULES, ruleList } from "../../../validate/rules";
import type { Finding } from "../../../validate/types";

describe("the rule catalogue", () => {
  it("lists every rule with its severity and a description", () => {
    const list = ruleList();
    expect(list).toHaveLength(Object.keys(RULES).length);
    expect(list.find((r) => r.id === "file.bom")).toEqual({
      id: "file.bom",
      severity: "warning",
      checks: RULES["file.bom"].checks,
    });
    expect(list.find((r) => r.id === "vis.skipped_info")?.severity).toBe("info");
    for (const r of list) {
      expect(r.id).toMatch(/^(file|ex|msg|tool|ds|vis|dpo|rft|model)\.[a-z0-9_]+$/);
      expect(["error", "warning", "info"]).toContain(r.severity);
      expect(r.checks.length, r.id).toBeGreaterThan(10);
    }
  });

  it("errorRules is exactly the rules whose severity is error", () => {
    const errors = errorRules();
    expect(errors).toContain("file.jsonl");
    expect(errors).toContain("msg.missing_key");
    expect(errors).not.toContain("file.bom");
    expect(errors).not.toContain("vis.skipped_info");
    expect(errors).toEqual(
      ruleList()
        .filter((r) => r.severity === "error")
        .map((r) => r.id),
    );
  });

  it("gives the documented severity of the rules the preview gates on", () => {
    const severities = Object.fromEntries(ruleList().map((r) => [r.id, r.severity]));
    expect(severities).toMatchObject({
      "file.utf8": "error",
      "file.size": "error",
      "file.jsonl": "error",
      "file.min_examples": "error",
      "ex.data_type": "error",
      "ex.missing_messages_list": "error",
      "ex.missing_assistant": "error",
      "ex.missing_system": "warning",
      "ex.missing_user": "warning",
      "ex.too_long": "warning",
      "ex.all_weight_zero": "warning",
      "msg.unrecognized_key": "warning",
      "msg.unrecognized_role": "error",
      "msg.missing_content": "error",
      "msg.weight_value": "error",
      "msg.weight_role": "error",
      "tool.call_shape": "error",
      "tool.result_link": "error",
      "tool.defs": "warning",
      "tool.deprecated": "warning",
      "ds.duplicates": "warning",
      "ds.identical_outputs": "error",
      "vis.model": "error",
      "vis.part_shape": "error",
      "vis.no_assistant_images": "error",
      "vis.limits": "error",
      "vis.image_file": "warning",
      "dpo.keys": "error",
      "dpo.outputs": "error",
      "dpo.model": "error",
      "rft.last_user": "error",
      "rft.validation_required": "error",
      "rft.grader_fields": "warning",
      "rft.model": "error",
      "model.unknown": "warning",
      "model.method": "error",
    });
  });
});

describe("findings", () => {
  const f = (line: number, severity: Finding["severity"], rule = "r"): Finding => ({
    file: "a.jsonl",
    line,
    rule,
    severity,
    message: "m",
  });

  it("formats a finding as file:line: severity rule: message", () => {
    expect(
      formatFinding({ file: "d/a.jsonl", line: 7, rule: "msg.missing_key", severity: "error", message: "no role" }),
    ).toBe("d/a.jsonl:7: error msg.missing_key: no role");
  });

  it("counts findings by severity, every severity present even at zero", () => {
    expect(countBySeverity([])).toEqual({ error: 0, warning: 0, info: 0 });
    expect(countBySeverity([f(1, "error"), f(2, "error"), f(3, "info")])).toEqual({ error: 2, warning: 0, info: 1 });
  });

  it("uses the rule's own severity unless told, and sorts by line with file-level findings first", () => {
    const c = new FindingCollector("a.jsonl");
    c.add(5, "ex.missing_system", "no system message");
    c.add(0, "file.min_examples", "3 examples", "info");
    c.add(2, "msg.missing_key", "no role");
    expect(c.result()).toEqual([
      { file: "a.jsonl", line: 0, rule: "file.min_examples", severity: "info", message: "3 examples" },
      { file: "a.jsonl", line: 2, rule: "msg.missing_key", severity: "error", message: "no role" },
      { file: "a.jsonl", line: 5, rule: "ex.missing_system", severity: "warning", message: "no system message" },
    ]);
  });

  it("shows the first findings of a rule and counts the rest in one note; another severity of a rule is capped apart", () => {
    const c = new FindingCollector("a.jsonl");
    for (let line = 1; line <= MAX_FINDINGS_PER_RULE + 3; line++) c.add(line, "msg.unrecognized_role", "bad role");
    c.add(100, "msg.unrecognized_role", "developer", "warning");
    const out = c.result();
    expect(MAX_FINDINGS_PER_RULE).toBe(20);
    expect(out.filter((x) => x.severity === "error" && x.line > 0).map((x) => x.line)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(out[0]).toEqual({
      file: "a.jsonl",
      line: 0,
      rule: "msg.unrecognized_role",
      severity: "error",
      message: "3 more line(s) break this rule (first 20 shown)",
    });
    expect(out.filter((x) => x.line === 0)).toHaveLength(1);
    expect(out.at(-1)).toEqual({
      file: "a.jsonl",
      line: 100,
      rule: "msg.unrecognized_role",
      severity: "warning",
      message: "developer",
    });
  });

  it("adds no note when exactly the cap was reached", () => {
    const c = new FindingCollector("a.jsonl");
    for (let line = 1; line <= MAX_FINDINGS_PER_RULE; line++) c.add(line, "ds.duplicates", "dup");
    expect(c.result()).toHaveLength(MAX_FINDINGS_PER_RULE);
    expect(c.result().every((x) => x.line > 0)).toBe(true);
  });
});

describe("the job-level rule", () => {
  it("asks a validation file of reinforcement fine-tuning only", () => {
    expect(checkJobFiles({ method: "reinforcement", trainingFile: "t.jsonl" })).toEqual([
      {
        file: "t.jsonl",
        line: 0,
        rule: "rft.validation_required",
        severity: "error",
        message: "reinforcement fine-tuning needs a validation file",
      },
    ]);
    expect(checkJobFiles({ method: "reinforcement", trainingFile: "t.jsonl", validationFile: "v.jsonl" })).toEqual([]);
    expect(checkJobFiles({ method: "supervised", trainingFile: "t.jsonl" })).toEqual([]);
  });
});

describe("a region of lines", () => {
  const ctx: RegionContext = { method: "supervised", model: resolveBaseModel("gpt-4.1-mini") };
  const good = (i: number) =>
    JSON.stringify({
      messages: [
        { role: "system", content: "S" },
        { role: "user", content: `Q${i}` },
        { role: "assistant", content: `A${i}` },
      ],
    });
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("numbers lines from firstLine, skips blank ones, strips CR, and keys each example and its answer", () => {
    const r = processRegion({ region: bytes(`${good(1)}\r\n\n   \n${good(2)}\n${good(1)}`), firstLine: 10, ctx });
    expect(r.nextLine).toBe(15);
    expect(Array.from(r.lines)).toEqual([10, 13, 14]);
    expect(r.findings).toEqual([]);
    expect(r.lineKeys[0]).toBe(textKey(good(1)));
    expect(r.lineKeys[2]).toBe(r.lineKeys[0]);
    expect(r.lineKeys[1]).not.toBe(r.lineKeys[0]);
    expect(r.outputKeys[0]).toBe(textKey("A1"));
    expect(r.outputKeys[1]).toBe(textKey("A2"));
    expect(Array.from(r.totals)).toEqual([0, 0, 0]); // no encoding: rules only
  });

  it("reports a line that is not JSON with the parser's message, and does not count it as an example", () => {
    const r = processRegion({ region: bytes(`${good(1)}\n{"messages": [}\n`), firstLine: 1, ctx });
    expect(Array.from(r.lines)).toEqual([1]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ line: 2, rule: "file.jsonl" });
    expect(r.findings[0]!.message).toMatch(/^not valid JSON: ./);
    expect(r.nextLine).toBe(3);
  });

  it("finds the lines holding invalid UTF-8 one by one, and still checks the others (CR stripped)", () => {
    const bad = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const region = new Uint8Array([...bytes(good(1) + "\r\n"), ...bad, 10, ...bytes("[]\n"), ...bytes(good(2))]);
    const r = processRegion({ region, firstLine: 1, ctx });
    expect(r.findings.map((f) => [f.line, f.rule, f.message])).toEqual([
      [2, "file.utf8", "line is not valid UTF-8"],
      [3, "ex.data_type", "line is an array, expected a JSON object"],
    ]);
    expect(Array.from(r.lines)).toEqual([1, 3, 4]);
    expect(r.lineKeys[0]).toBe(textKey(good(1)));
    expect(r.nextLine).toBe(5);
  });

  it("marks an example without an answer with NaN, counts images and remote images, and counts tokens when asked", () => {
    const image = (url: string) => ({ type: "image_url", image_url: { url } });
    const lines = [
      JSON.stringify({
        messages: [
          { role: "system", content: "S" },
          { role: "user", content: "Q" },
        ],
      }),
      JSON.stringify({
        messages: [
          { role: "system", content: "S" },
          { role: "user", content: [image("https://x/a.png"), image("https://x/b.png")] },
          { role: "assistant", content: "A" },
        ],
      }),
      JSON.stringify({
        messages: [
          { role: "system", content: "S" },
          { role: "user", content: [image("data:image/png;base64,AAAA")] },
          { role: "assistant", content: "B" },
        ],
      }),
    ];
    const r = processRegion({
      region: bytes(lines.join("\n")),
      firstLine: 1,
      ctx: { method: "supervised", model: resolveBaseModel("gpt-4o"), encoding: "o200k_base" },
    });
    expect(Number.isNaN(r.outputKeys[0])).toBe(true);
    expect(r.withImages).toBe(2);
    expect(r.remoteImages).toBe(2);
    expect(r.totals[1]).toBeGreaterThan(170); // two images at 85 tokens each, plus the text
    expect(r.assistants[0]).toBe(0);
    expect(r.assistants[1]).toBeGreaterThan(0);
  });

  it("hands its typed arrays over for transfer", () => {
    const r = processRegion({ region: bytes(good(1)), firstLine: 1, ctx });
    expect(transferables(r)).toEqual([
      r.lines.buffer,
      r.lineKeys.buffer,
      r.outputKeys.buffer,
      r.totals.buffer,
      r.assistants.buffer,
    ]);
  });

  it("counts lines as processRegion numbers them, with or without a final newline", () => {
    expect(countLines(bytes(""), 1)).toBe(1);
    expect(countLines(bytes("a"), 1)).toBe(2);
    expect(countLines(bytes("a\n"), 1)).toBe(2);
    expect(countLines(bytes("a\nb"), 5)).toBe(7);
    expect(countLines(bytes("a\n\nb\n"), 1)).toBe(4);
    for (const text of ["a\nb", "a\n\n", `${good(1)}\n${good(2)}`])
      expect(countLines(bytes(text), 3)).toBe(processRegion({ region: bytes(text), firstLine: 3, ctx }).nextLine);
  });
});

describe("textKey", () => {
  it("is a deterministic non-negative integer of at most 53 bits that tells texts apart", () => {
    const keys = ["", "a", "b", "ab", "ba", '{"a":1}', '{"a":2}', "é", "x".repeat(1000)].map(textKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      expect(Number.isSafeInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(0);
    }
    expect(textKey("hello")).toBe(textKey("hello"));
    // Pinned values, so a change to the mixing is deliberate (two lines alike must keep one key across regions).
    expect([textKey(""), textKey("hello"), textKey("x".repeat(1000))]).toEqual([
      5_005_875_286_296_646, 4_353_095_239_716_294, 7_619_308_913_961_208,
    ]);
  });
});
