// Token counting: the cookbook formula against the tokenizer's own chat encoding, limits, threads = inline.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countExampleTokens, textCounter, validateFile } from "../../../validate";

const o200k = textCounter("o200k_base");
// The tokenizer's own chat encoding for gpt-4o (CommonJS build, as the library loads it).
const { encodeChat } = createRequire(__filename)("gpt-tokenizer/cjs/model/gpt-4o") as {
  encodeChat: (chat: unknown[]) => number[];
};

describe("countExampleTokens", () => {
  const messages = [
    { role: "system", content: "You are Clippy, a helpful assistant." },
    { role: "user", content: "How do I insert a table?" },
    { role: "assistant", content: "Choose Insert, then Table, and pick the size." },
  ];

  it("matches gpt-tokenizer's gpt-4o chat encoding for plain chat", () => {
    const ours = countExampleTokens({ messages }, "supervised", o200k)!;
    expect(ours.total).toBe(encodeChat(messages).length);
  });

  it("counts assistant tokens apart, and nothing for reinforcement prompts", () => {
    const ours = countExampleTokens({ messages }, "supervised", o200k)!;
    expect(ours.assistant).toBe(o200k("assistant") + o200k(messages[2].content));
    expect(countExampleTokens({ messages: messages.slice(0, 2) }, "reinforcement", o200k)!.assistant).toBe(0);
  });

  it("adds 1 per name, the tools, tool-call arguments and 85 per image", () => {
    const base = countExampleTokens({ messages }, "supervised", o200k)!.total;
    const named = countExampleTokens(
      { messages: [{ ...messages[0], name: "clippy" }, ...messages.slice(1)] },
      "supervised",
      o200k,
    )!.total;
    expect(named - base).toBe(o200k("clippy") + 1);
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    expect(countExampleTokens({ messages, tools }, "supervised", o200k)!.total - base).toBe(
      o200k(JSON.stringify(tools)),
    );
    const img = {
      ...messages[1],
      content: [
        { type: "text", text: messages[1].content },
        { type: "image_url", image_url: { url: "https://x/a.png" } },
      ],
    };
    expect(countExampleTokens({ messages: [messages[0], img, messages[2]] }, "supervised", o200k)!.total - base).toBe(
      85,
    );
  });

  it("counts special-token text as ordinary text instead of throwing", () => {
    expect(o200k("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("counts a DPO line as prompt plus both outputs", () => {
    const line = {
      input: { messages: messages.slice(0, 2) },
      preferred_output: [messages[2]],
      non_preferred_output: [{ role: "assistant", content: "No." }],
    };
    const n = countExampleTokens(line, "dpo", o200k)!;
    expect(n.total).toBe(
      countExampleTokens({ messages }, "supervised", o200k)!.total + 3 + o200k("assistant") + o200k("No."),
    );
    expect(n.assistant).toBe(o200k("assistant") + o200k(messages[2].content));
  });
});

describe("file token statistics and limits", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "validate-tokens-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const example = (answer: string, i: number) =>
    JSON.stringify({
      messages: [
        { role: "system", content: "S" },
        { role: "user", content: `Q${i}` },
        { role: "assistant", content: answer },
      ],
    });

  it("flags examples over the model's limit (gpt-4.1-nano: 32,768) and caps billable tokens", async () => {
    const path = join(dir, "long.jsonl");
    const long = "word ".repeat(40_000); // 40,000 tokens: over nano's limit, under 4.1-mini's
    const lines = Array.from({ length: 12 }, (_, i) => example(i === 4 ? long : `A${i}`, i));
    await writeFile(path, "\ufeff" + lines.join("\n") + "\n");
    const nano = await validateFile(path, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-nano",
      threads: 0,
    });
    const tooLong = nano.findings.filter((f) => f.rule === "ex.too_long");
    expect(tooLong.map((f) => [f.line, f.severity])).toEqual([[5, "warning"]]);
    const t = nano.stats.tokens!;
    expect(t.limit).toBe(32_768);
    expect(t.overLimit).toBe(1);
    expect(t.max).toBeGreaterThan(32_768);
    expect(t.billablePerEpoch).toBe(t.total - (t.max - 32_768));

    const mini = await validateFile(path, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini",
      threads: 0,
    });
    expect(mini.findings.filter((f) => f.rule === "ex.too_long")).toEqual([]);
    expect(mini.stats.tokens!.billablePerEpoch).toBe(mini.stats.tokens!.total);
  });

  it("gives the same statistics on tokenizer threads as on the main thread", async () => {
    const path = join(dir, "many.jsonl");
    // A few MB so regions span several chunks, with multi-byte text across chunk edges.
    const lines = Array.from({ length: 6000 }, (_, i) =>
      example(`Réponse ${i}: ${"naïve café 日本語 ".repeat(40 + (i % 17))}`, i),
    );
    lines[3000] = "{not json";
    lines[5999] = lines[10]; // a duplicate regions apart: results must merge in line order
    await writeFile(path, "\ufeff" + lines.join("\n") + "\n");
    const opts = { purpose: "training" as const, method: "supervised" as const, baseModel: "gpt-4.1-mini" };
    const inline = await validateFile(path, { ...opts, threads: 0 });
    const threaded = await validateFile(path, { ...opts, threads: 2 });
    expect(threaded.stats).toEqual(inline.stats);
    expect(threaded.findings).toEqual(inline.findings);
    expect(inline.findings.map((f) => [f.line, f.rule])).toEqual([
      [3001, "file.jsonl"],
      [6000, "ds.duplicates"],
    ]);
    expect(inline.findings[1].message).toBe("same example as line 11");
    expect(inline.stats.examples).toBe(5999);
    expect(inline.stats.bytes).toBeGreaterThan(2 * 1024 * 1024);
  });
});
