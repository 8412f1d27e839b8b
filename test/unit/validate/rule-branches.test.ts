// Branches of the dataset rules and token counting that the rule-by-rule tests left open (found by mutation
// testing): which answer an example ends with, tool calls on the wrong role, the image limit across messages, and
// examples without an answer among identical ones.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveBaseModel } from "../../../azure/models";
import { checkExample } from "../../../validate/example-rules";
import { type CountText, countExampleTokens } from "../../../validate/tokens";
import type { Method } from "../../../validate/types";
import { validateFile } from "../../../validate/validator";

function run(example: unknown, method: Method = "supervised", model = "gpt-4o") {
  const reported: [string, string][] = [];
  const summary = checkExample(example, { method, model: resolveBaseModel(model) }, (rule, message) =>
    reported.push([rule, message]),
  );
  return { reported, summary };
}
const sys = { role: "system", content: "S" };
const user = { role: "user", content: "Q" };
const call = { id: "c1", type: "function", function: { name: "f", arguments: "{}" } };
const tools = [{ type: "function", function: { name: "f" } }];

describe("the answer an example ends with", () => {
  it("is the last assistant message of the preferred output, even when a tool message follows it", () => {
    const pair = {
      input: { messages: [sys, user] },
      preferred_output: [
        { role: "assistant", content: "A" },
        { role: "tool", tool_call_id: "x", content: "r" },
      ],
      non_preferred_output: [{ role: "assistant", content: "B" }],
    };
    expect(run(pair, "dpo").summary.output).toBe("A");
  });

  it("is none when the last assistant message only calls tools (null or absent content)", () => {
    expect(
      run({ messages: [sys, user, { role: "assistant", content: null, tool_calls: [call] }], tools }).summary.output,
    ).toBeUndefined();
    expect(
      run({ messages: [sys, user, { role: "assistant", tool_calls: [call] }], tools }).summary.output,
    ).toBeUndefined();
  });
});

describe("roles and content", () => {
  it("wants content on a user message that (wrongly) calls tools", () => {
    expect(
      run({ messages: [sys, { role: "user", tool_calls: [call] }, { role: "assistant", content: "A" }], tools })
        .reported,
    ).toEqual([
      ["msg.missing_key", "messages[1] has no `content`"],
      ["tool.call_shape", 'messages[1] has tool_calls on role "user"; only assistant messages call tools'],
    ]);
  });

  it("refuses content that is neither text nor parts on an assistant message that calls tools", () => {
    expect(
      run({
        messages: [
          sys,
          user,
          { role: "assistant", content: 5, tool_calls: [call] },
          { role: "tool", tool_call_id: "c1", content: "r" },
          { role: "assistant", content: "A" },
        ],
        tools,
      }).reported,
    ).toEqual([
      ["msg.missing_content", "messages[2] content is a number, expected a non-empty string or an array of parts"],
    ]);
  });

  it("lists every key a preference line lacks", () => {
    expect(run({ input: { messages: [sys, user] } }, "dpo").reported).toEqual([
      [
        "dpo.keys",
        "missing preferred_output, non_preferred_output: a preference line has exactly input, preferred_output, non_preferred_output",
      ],
    ]);
  });
});

describe("the image limit across messages", () => {
  it("reports the example once it passes 64 images, also when a message starts exactly at 64", () => {
    const image = { type: "image_url", image_url: { url: "https://x/a.png" } };
    const images = (n: number) => ({ role: "user", content: Array.from({ length: n }, () => image) });
    const answer = { role: "assistant", content: "A" };
    expect(run({ messages: [sys, images(64), answer, images(1), answer] }).reported).toEqual([
      ["vis.limits", "more than 64 images in one example"],
    ]);
  });
});

describe("token counting", () => {
  it("counts a developer prompt once, like a system prompt", () => {
    const asked: string[] = [];
    const count: CountText = (text) => (asked.push(text), text.length);
    const line = { messages: [{ role: "developer", content: "Be brief, developer." }, user] };
    countExampleTokens(line, "reinforcement", count);
    countExampleTokens(line, "reinforcement", count);
    expect(asked.filter((t) => t === "Be brief, developer.")).toHaveLength(1);
  });

  it("skips a null tool call", () => {
    const chars: CountText = (text) => text.length;
    expect(
      countExampleTokens({ messages: [{ role: "assistant", tool_calls: [null] }] }, "supervised", chars)!.total,
    ).toBe(3 + 9 + 3);
  });
});

describe("identical answers with examples that have none", () => {
  it("still finds the identical answers after an example without one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rule-branches-"));
    try {
      const same = (i: number) =>
        JSON.stringify({ messages: [sys, { role: "user", content: `Q${i}` }, { role: "assistant", content: "Same" }] });
      const file = join(dir, "a.jsonl");
      await writeFile(file, "\uFEFF" + [JSON.stringify({ messages: [sys, user] }), same(1), same(2)].join("\n"));
      const r = await validateFile(file, {
        purpose: "validation",
        method: "supervised",
        baseModel: "gpt-4.1-mini",
        tokens: false,
      });
      expect(r.findings.map((f) => `${f.line} ${f.rule}: ${f.message}`)).toEqual([
        "0 ds.identical_outputs: all 2 examples end with the same assistant answer: the model would learn one reply",
        "1 ex.missing_assistant: no assistant message: nothing to learn from",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
