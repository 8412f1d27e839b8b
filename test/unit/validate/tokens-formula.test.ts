// The token formula of validate/tokens.ts with a counter whose answers are obvious (one token per character), so
// every term is checked on its own; and the memo of repeated strings, through the calls the counter receives.
import { describe, expect, it } from "vitest";
import { type CountText, countExampleTokens, textCounter } from "../../../validate/tokens";

const chars: CountText = (text) => text.length;

describe("countExampleTokens term by term", () => {
  it("counts 3 per message, its role and string content, and 3 to prime the reply", () => {
    // user: 3 + 4 + 2; assistant: 3 + 9 + 1; reply priming 3
    expect(
      countExampleTokens(
        {
          messages: [
            { role: "user", content: "hi" },
            { role: "assistant", content: "A" },
          ],
        },
        "supervised",
        chars,
      ),
    ).toEqual({ total: 25, assistant: 10 });
  });

  it("adds a name and 1 for it, other string keys, tool calls and a legacy function call", () => {
    expect(
      countExampleTokens({ messages: [{ role: "user", content: "", name: "ab" }] }, "supervised", chars)!.total,
    ).toBe(3 + 4 + 0 + 2 + 1 + 3);
    expect(
      countExampleTokens({ messages: [{ role: "tool", content: "r", tool_call_id: "c1" }] }, "supervised", chars)!
        .total,
    ).toBe(3 + 4 + 1 + 2 + 3);
    const call = {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c1", function: { name: "fn", arguments: "{}" } }, { function: {} }, "x", { id: "c3" }],
    };
    expect(countExampleTokens({ messages: [call] }, "supervised", chars)).toEqual({
      total: 3 + 9 + 2 + 2 + 3,
      assistant: 9 + 4,
    });
    const legacy = { role: "assistant", content: null, function_call: { name: "f", arguments: "{a}" } };
    expect(countExampleTokens({ messages: [legacy] }, "supervised", chars)!.total).toBe(3 + 9 + 1 + 3 + 3);
    expect(
      countExampleTokens({ messages: [{ role: "assistant", function_call: {} }] }, "supervised", chars)!.total,
    ).toBe(3 + 9 + 3);
  });

  it("ignores keys that hold neither text nor calls (malformed calls given as text count as text)", () => {
    const plain = countExampleTokens({ messages: [{ role: "assistant", content: "A" }] }, "supervised", chars)!.total;
    expect(
      countExampleTokens(
        { messages: [{ role: "assistant", content: "A", weight: 1, extra: { a: "b" } }] },
        "supervised",
        chars,
      )!.total,
    ).toBe(plain);
    expect(
      countExampleTokens(
        { messages: [{ role: "assistant", content: "A", tool_calls: "x", function_call: "yz" }] },
        "supervised",
        chars,
      )!.total,
    ).toBe(plain + 3);
    expect(
      countExampleTokens(
        { messages: [{ role: "assistant", content: "A", tool_calls: {}, function_call: [] }] },
        "supervised",
        chars,
      )!.total,
    ).toBe(plain);
    expect(countExampleTokens({ messages: [{ role: 1, content: "A", name: 2 }] }, "supervised", chars)!.total).toBe(
      3 + 1 + 3,
    );
  });

  it("counts text parts, 85 per image, and nothing for other parts or content", () => {
    const parts = [
      { type: "text", text: "abc" },
      { type: "image_url", image_url: { url: "https://x" } },
      { type: "text", text: 5 },
      { type: "audio" },
      "loose",
      null,
    ];
    expect(countExampleTokens({ messages: [{ role: "user", content: parts }] }, "supervised", chars)!.total).toBe(
      3 + 4 + 3 + 85 + 3,
    );
    expect(
      countExampleTokens({ messages: [{ role: "user", content: { text: "abc" } }] }, "supervised", chars)!.total,
    ).toBe(3 + 4 + 3);
  });

  it("counts a message that is not an object as nothing, and only assistant messages as the assistant's", () => {
    expect(countExampleTokens({ messages: ["hello", null] }, "supervised", chars)).toEqual({ total: 3, assistant: 0 });
    expect(
      countExampleTokens(
        {
          messages: [
            { role: "system", content: "S" },
            { role: "user", content: "U" },
          ],
        },
        "supervised",
        chars,
      )!.assistant,
    ).toBe(0);
  });

  it("adds the tools and legacy functions as JSON, nothing when empty", () => {
    const tools = [{ type: "function" }];
    const bare = countExampleTokens({ messages: [] }, "supervised", chars)!.total;
    expect(bare).toBe(3);
    expect(countExampleTokens({ messages: [], tools }, "supervised", chars)!.total).toBe(
      3 + JSON.stringify(tools).length,
    );
    expect(countExampleTokens({ messages: [], functions: tools }, "supervised", chars)!.total).toBe(
      3 + JSON.stringify(tools).length,
    );
    expect(countExampleTokens({ messages: [], tools: [] }, "supervised", chars)!.total).toBe(3);
    expect(countExampleTokens({ messages: [], tools: "x" }, "supervised", chars)!.total).toBe(3);
  });

  it("gives reinforcement prompts no assistant tokens", () => {
    expect(countExampleTokens({ messages: [{ role: "assistant", content: "A" }] }, "reinforcement", chars)).toEqual({
      total: 3 + 9 + 1 + 3,
      assistant: 0,
    });
  });

  it("counts a DPO pair as prompt, both outputs and the input's tools; the assistant's are the preferred output's", () => {
    const line = {
      input: { messages: [{ role: "user", content: "Q" }], tools: [{ t: 1 }] },
      preferred_output: [{ role: "assistant", content: "good" }],
      non_preferred_output: [{ role: "assistant", content: "no" }],
    };
    expect(countExampleTokens(line, "dpo", chars)).toEqual({
      total: 3 + 4 + 1 + (3 + 9 + 4) + (3 + 9 + 2) + JSON.stringify([{ t: 1 }]).length + 3,
      assistant: 9 + 4,
    });
    expect(countExampleTokens({ input: { messages: [] } }, "dpo", chars)).toEqual({ total: 3, assistant: 0 });
  });

  it("has no count for a line without a shape to count", () => {
    expect(countExampleTokens(null, "supervised", chars)).toBeUndefined();
    expect(countExampleTokens([], "supervised", chars)).toBeUndefined();
    expect(countExampleTokens({ messages: "hi" }, "supervised", chars)).toBeUndefined();
    expect(countExampleTokens({ messages: [] }, "dpo", chars)).toBeUndefined();
    expect(countExampleTokens({ input: "Q" }, "dpo", chars)).toBeUndefined();
  });
});

describe("repeated strings are counted once", () => {
  /** A counter that records what it was asked; a new one has an empty memo. */
  const recording = () => {
    const asked: string[] = [];
    const count: CountText = (text) => {
      asked.push(text);
      return text.length;
    };
    return { asked, count };
  };

  it("remembers roles, names, system prompts and tool names, never user or assistant text", () => {
    const { asked, count } = recording();
    const line = {
      messages: [
        { role: "system", content: "Be Clippy." },
        { role: "user", content: "Q" },
        {
          role: "assistant",
          content: null,
          name: "clippy",
          tool_calls: [{ function: { name: "lookup", arguments: "{}" } }],
        },
        { role: "assistant", content: "A" },
      ],
    };
    const first = countExampleTokens(line, "supervised", count);
    const second = countExampleTokens(line, "supervised", count);
    expect(second).toEqual(first);
    const times = (text: string) => asked.filter((t) => t === text).length;
    expect([
      times("system"),
      times("user"),
      times("assistant"),
      times("Be Clippy."),
      times("clippy"),
      times("lookup"),
    ]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([times("Q"), times("A"), times("{}")]).toEqual([2, 2, 2]);
  });

  it("does not remember strings over 8 KiB", () => {
    const { asked, count } = recording();
    const long = { messages: [{ role: "system", content: "s".repeat(8_193) }] };
    const limit = { messages: [{ role: "system", content: "t".repeat(8_192) }] };
    for (let i = 0; i < 2; i++) {
      countExampleTokens(long, "supervised", count);
      countExampleTokens(limit, "supervised", count);
    }
    expect(asked.filter((t) => t.length === 8_193)).toHaveLength(2);
    expect(asked.filter((t) => t.length === 8_192)).toHaveLength(1);
  });

  it("starts afresh after 2 million remembered characters, and still answers right", () => {
    const { asked, count } = recording();
    const prompt = (i: number) => ({ messages: [{ role: "system", content: `${i}`.padEnd(8_000, "x") }] });
    countExampleTokens(prompt(0), "supervised", count);
    for (let i = 1; i <= 250; i++) countExampleTokens(prompt(i), "supervised", count); // 2,008,000 characters: forgets once
    const before = asked.length;
    expect(countExampleTokens(prompt(250), "supervised", count)!.total).toBe(3 + 6 + 8_000 + 3);
    expect(asked.length).toBe(before); // the latest is remembered
    countExampleTokens(prompt(0), "supervised", count);
    expect(asked.length).toBe(before + 1); // the first was forgotten
  });
});

describe("textCounter", () => {
  it("counts the empty string as 0 and keeps one counter per encoding", () => {
    const o200k = textCounter("o200k_base");
    expect(o200k("")).toBe(0);
    expect(textCounter("o200k_base")).toBe(o200k);
    expect(textCounter("cl100k_base")).not.toBe(o200k);
    expect(textCounter("cl100k_base")("hello world")).toBe(2);
    // The two encodings split some text differently: the counter really is the named one.
    const text = "ðŸ˜€ unbelievably Straßenbahn 12345";
    expect(textCounter("cl100k_base")(text)).not.toBe(o200k(text));
  });
});
