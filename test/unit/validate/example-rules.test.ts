// checkExample (validate/example-rules.ts) on one parsed line at a time: every rule it reports, with the exact
// message a user reads after file:line, and the summary the dataset-wide rules use. The fixture corpus checks the
// rule ids through whole files; this checks the words and the branches.
import { describe, expect, it } from "vitest";
import { resolveBaseModel } from "../../../azure/models";
import { checkExample, type ExampleContext, type ExampleSummary } from "../../../validate/example-rules";
import type { Method } from "../../../validate/types";

type Reported = [rule: string, message: string, severity?: string];

function run(
  example: unknown,
  method: Method = "supervised",
  model = "gpt-4.1-mini",
  graderFields?: string[],
): { reported: Reported[]; summary: ExampleSummary } {
  const reported: Reported[] = [];
  const ctx: ExampleContext = { method, model: resolveBaseModel(model), ...(graderFields ? { graderFields } : {}) };
  const summary = checkExample(example, ctx, (rule, message, severity) =>
    reported.push(severity ? [rule, message, severity] : [rule, message]),
  );
  return { reported, summary };
}
const rules = (example: unknown, method?: Method, model?: string, graderFields?: string[]) =>
  run(example, method, model, graderFields).reported;

const sys = { role: "system", content: "S" };
const user = { role: "user", content: "Q" };
const answer = { role: "assistant", content: "A" };
const chat = (...messages: unknown[]) => ({ messages });
const ok = (...extra: unknown[]) => chat(sys, user, ...extra, answer);

describe("the line itself", () => {
  it("wants a JSON object", () => {
    expect(rules(null)).toEqual([["ex.data_type", "line is null, expected a JSON object"]]);
    expect(rules([1])).toEqual([["ex.data_type", "line is an array, expected a JSON object"]]);
    expect(rules("text")).toEqual([["ex.data_type", "line is a string, expected a JSON object"]]);
    expect(rules(3)).toEqual([["ex.data_type", "line is a number, expected a JSON object"]]);
    expect(run(null).summary).toEqual({ images: 0, remoteImages: 0 });
  });

  it("wants a non-empty messages array", () => {
    expect(rules({})).toEqual([["ex.missing_messages_list", "no `messages` key"]]);
    expect(rules({ messages: [] })).toEqual([
      ["ex.missing_messages_list", "`messages` is empty, expected a non-empty array"],
    ]);
    expect(rules({ messages: {} })).toEqual([
      ["ex.missing_messages_list", "`messages` is an object, expected a non-empty array"],
    ]);
    expect(rules({ messages: "hi" })).toEqual([
      ["ex.missing_messages_list", "`messages` is a string, expected a non-empty array"],
    ]);
    expect(run({ messages: [] }).summary).toEqual({ images: 0, remoteImages: 0 });
  });

  it("passes a complete chat and summarises its final answer", () => {
    expect(run(ok())).toEqual({ reported: [], summary: { output: "A", images: 0, remoteImages: 0 } });
    expect(run(chat(sys, user, { role: "assistant", content: [{ type: "text", text: "T" }] })).summary.output).toBe(
      '[{"type":"text","text":"T"}]',
    );
    expect(
      run(chat(sys, user, { role: "assistant", content: "first" }, user, { role: "assistant", content: "last" }))
        .summary.output,
    ).toBe("last");
  });
});

describe("roles and keys of a message", () => {
  it("names missing system, user and assistant messages", () => {
    expect(rules(chat(user, answer))).toEqual([["ex.missing_system", "no system message"]]);
    expect(rules(chat(sys, answer))).toEqual([["ex.missing_user", "no user message"]]);
    expect(rules(chat(sys, user))).toEqual([["ex.missing_assistant", "no assistant message: nothing to learn from"]]);
    expect(run(chat(sys, user)).summary.output).toBeUndefined();
  });

  it("refuses a message that is not an object, or has no role or no content", () => {
    expect(rules(chat(sys, user, "hi", answer))).toEqual([
      ["msg.missing_key", "messages[2] is a string, expected an object with role and content"],
    ]);
    expect(rules(chat(sys, { content: "Q" }, answer))).toEqual([
      ["msg.missing_key", "messages[1] has no `role`"],
      ["ex.missing_user", "no user message"],
    ]);
    expect(rules(chat(sys, { role: "user" }, answer))).toEqual([["msg.missing_key", "messages[1] has no `content`"]]);
  });

  it("names unrecognised keys, one or several", () => {
    expect(rules(chat(sys, { ...user, mood: "x" }, answer))).toEqual([
      ["msg.unrecognized_key", "messages[1] has unrecognized key mood"],
    ]);
    expect(rules(chat(sys, { ...user, a: 1, b: 2 }, answer))).toEqual([
      ["msg.unrecognized_key", "messages[1] has unrecognized keys a, b"],
    ]);
    expect(rules(chat(sys, { ...user, name: "n" }, { ...answer, weight: 1 }))).toEqual([]);
  });

  it("refuses unknown roles, and warns on developer outside reinforcement (it counts as the system message)", () => {
    expect(rules(chat(sys, user, { role: "bot", content: "x" }, answer))).toEqual([
      ["msg.unrecognized_role", 'messages[2] role "bot" is not one of system, user, assistant, tool, function'],
    ]);
    expect(rules(chat(sys, user, { role: 7, content: "x" }, answer))).toEqual([
      ["msg.unrecognized_role", "messages[2] role 7 is not one of system, user, assistant, tool, function"],
    ]);
    expect(rules(chat({ role: "developer", content: "D" }, user, answer))).toEqual([
      [
        "msg.unrecognized_role",
        'messages[0] role "developer" is documented only for reinforcement; use system',
        "warning",
      ],
    ]);
    expect(rules(chat({ role: "developer", content: "D" }, user), "reinforcement", "o4-mini")).toEqual([]);
  });

  it("checks weights: 0 or 1, on assistant messages only, and not all 0", () => {
    expect(rules(chat(sys, { ...user, weight: 1 }, answer))).toEqual([
      ["msg.weight_role", 'messages[1] has `weight` on role "user"; only assistant messages carry a weight'],
    ]);
    expect(rules(chat(sys, user, { ...answer, weight: 0.5 }))).toEqual([
      ["msg.weight_value", "messages[2] weight is 0.5, expected 0 or 1"],
    ]);
    expect(rules(chat(sys, user, { ...answer, weight: "1" }))).toEqual([
      ["msg.weight_value", 'messages[2] weight is "1", expected 0 or 1'],
    ]);
    expect(rules(chat(sys, user, { ...answer, weight: 0 }))).toEqual([
      ["ex.all_weight_zero", "every assistant message has weight 0: this example trains nothing"],
    ]);
    expect(rules(chat(sys, user, { ...answer, weight: 0 }, user, answer))).toEqual([]);
  });
});

describe("content", () => {
  it("wants a non-empty string or a non-empty array of text and image parts", () => {
    expect(rules(chat(sys, { role: "user", content: "" }, answer))).toEqual([
      ["msg.missing_content", "messages[1] content is empty"],
    ]);
    expect(rules(chat(sys, { role: "user", content: [] }, answer))).toEqual([
      [
        "msg.missing_content",
        "messages[1] content is an empty array, expected a non-empty string or an array of parts",
      ],
    ]);
    expect(rules(chat(sys, { role: "user", content: null }, answer))).toEqual([
      ["msg.missing_content", "messages[1] content is null, expected a non-empty string or an array of parts"],
    ]);
    expect(rules(chat(sys, { role: "user", content: 5 }, answer))).toEqual([
      ["msg.missing_content", "messages[1] content is a number, expected a non-empty string or an array of parts"],
    ]);
    expect(rules(chat(sys, { role: "user", content: [{ type: "text", text: "" }] }, answer))).toEqual([
      ["msg.missing_content", "messages[1].content[0] is a text part without text"],
    ]);
    expect(rules(chat(sys, { role: "user", content: [{ type: "text" }] }, answer))).toEqual([
      ["msg.missing_content", "messages[1].content[0] is a text part without text"],
    ]);
    expect(
      rules(chat(sys, { role: "user", content: [{ type: "text", text: "ok" }, { type: "audio" }] }, answer)),
    ).toEqual([
      [
        "msg.missing_content",
        'messages[1].content[1] must be {type: "text", text} or {type: "image_url", image_url: {url}}',
      ],
    ]);
    expect(rules(chat(sys, { role: "user", content: ["plain"] }, answer))).toEqual([
      [
        "msg.missing_content",
        'messages[1].content[0] must be {type: "text", text} or {type: "image_url", image_url: {url}}',
      ],
    ]);
  });

  it("lets an assistant message that calls tools have empty or null content", () => {
    const calls = [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }];
    const tools = [{ type: "function", function: { name: "f", parameters: {} } }];
    const result = { role: "tool", tool_call_id: "c1", content: "r" };
    for (const content of ["", null, undefined]) {
      const call =
        content === undefined
          ? { role: "assistant", tool_calls: calls }
          : { role: "assistant", content, tool_calls: calls };
      expect(rules({ ...chat(sys, user, call, result, answer), tools }), String(content)).toEqual([]);
    }
    expect(rules(chat(sys, user, { role: "assistant", content: null }))).toEqual([
      ["msg.missing_content", "messages[2] content is null, expected a non-empty string or an array of parts"],
    ]);
    expect(rules(chat(sys, user, { role: "assistant", content: "" }))).toEqual([
      ["msg.missing_content", "messages[2] content is empty"],
    ]);
  });
});

describe("images", () => {
  const image = (url: unknown, detail?: unknown) => ({
    type: "image_url",
    image_url: { url, ...(detail !== undefined ? { detail } : {}) },
  });
  const withImages = (...parts: unknown[]) => chat(sys, { role: "user", content: parts }, answer);
  const png = "data:image/png;base64,AAAA";

  it("counts remote images and images, and accepts detail low, high or auto", () => {
    expect(
      run(
        withImages(image("https://x/a.png", "low"), image(png, "auto"), image("https://x/b.png", "high")),
        "supervised",
        "gpt-4o",
      ),
    ).toEqual({
      reported: [],
      summary: { output: "A", images: 3, remoteImages: 2 },
    });
  });

  it("refuses badly shaped image parts", () => {
    expect(rules(withImages({ type: "image_url" }), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", 'messages[1].content[0] must be {type: "image_url", image_url: {url, detail?}}'],
    ]);
    expect(rules(withImages({ type: "image_url", image_url: { url: 3 } }), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", 'messages[1].content[0] must be {type: "image_url", image_url: {url, detail?}}'],
    ]);
    expect(rules(withImages(image(png, "max")), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", 'messages[1].content[0] detail "max" is not low, high or auto'],
    ]);
    expect(rules(withImages(image(png, 1)), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", "messages[1].content[0] detail 1 is not low, high or auto"],
    ]);
    expect(rules(withImages(image("http://x/a.png")), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", "messages[1].content[0] url must be https:// or a data:image/...;base64 URI"],
    ]);
    expect(rules(withImages(image("data:text/plain;base64,AAAA")), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", "messages[1].content[0] data URL must be data:image/<type>;base64,..."],
    ]);
    expect(rules(withImages(image("data:image/png,AAAA")), "supervised", "gpt-4o")).toEqual([
      ["vis.part_shape", "messages[1].content[0] data URL must be data:image/<type>;base64,..."],
    ]);
  });

  it("warns on image types the service skips and on images over 10 MB; a data URL's type is read in any case", () => {
    expect(rules(withImages(image("data:image/gif;base64,AAAA")), "supervised", "gpt-4o")).toEqual([
      ["vis.image_file", "messages[1].content[0] is image/gif; only JPEG, PNG and WEBP are used (others are skipped)"],
    ]);
    for (const type of ["jpeg", "jpg", "png", "webp", "PNG"])
      expect(rules(withImages(image(`data:image/${type};base64,AAAA`)), "supervised", "gpt-4o"), type).toEqual([]);
    const tenMb = 10 * 1024 * 1024;
    const base64 = (bytes: number) => "A".repeat((bytes / 3) * 4);
    expect(rules(withImages(image(`data:image/png;base64,${base64(tenMb - 1)}`)), "supervised", "gpt-4o")).toEqual([]);
    expect(rules(withImages(image(`data:image/png;base64,${base64(tenMb + 2)}`)), "supervised", "gpt-4o")).toEqual([
      ["vis.image_file", "messages[1].content[0] is over 10 MB and will be skipped"],
    ]);
  });

  it("refuses images in assistant messages and for a model without vision (once per example)", () => {
    expect(rules(chat(sys, user, { role: "assistant", content: [image(png)] }), "supervised", "gpt-4o")).toEqual([
      ["vis.no_assistant_images", "messages[2] has 1 image; images may appear only in user messages"],
    ]);
    expect(
      rules(chat(sys, user, { role: "assistant", content: [image(png), image(png)] }), "supervised", "gpt-4o"),
    ).toEqual([["vis.no_assistant_images", "messages[2] has 2 images; images may appear only in user messages"]]);
    const twice = chat(
      sys,
      { role: "user", content: [image(png)] },
      answer,
      { role: "user", content: [image(png)] },
      answer,
    );
    expect(rules(twice, "supervised", "gpt-4.1-mini")).toEqual([
      [
        "vis.model",
        "messages[1] has an image but gpt-4.1-mini-2025-04-14 takes no images (gpt-4o-2024-08-06 and gpt-4.1-2025-04-14 do)",
      ],
    ]);
    expect(rules(twice, "supervised", "not-a-known-model")).toEqual([]);
  });

  it("allows 64 images in one example and reports the 65th once", () => {
    const parts = (n: number) => Array.from({ length: n }, () => image(png));
    expect(rules(withImages(...parts(64)), "supervised", "gpt-4o")).toEqual([]);
    expect(rules(withImages(...parts(65)), "supervised", "gpt-4o")).toEqual([
      ["vis.limits", "more than 64 images in one example"],
    ]);
    const split = chat(
      sys,
      { role: "user", content: parts(60) },
      answer,
      { role: "user", content: parts(5) },
      answer,
      { role: "user", content: parts(5) },
      answer,
    );
    expect(rules(split, "supervised", "gpt-4o")).toEqual([["vis.limits", "more than 64 images in one example"]]);
  });
});

describe("tools", () => {
  const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
  const call = (fn: unknown = { name: "f", arguments: "{}" }, extra: object = {}) => ({
    role: "assistant",
    tool_calls: [{ id: "c1", type: "function", function: fn, ...extra }],
  });
  const result = { role: "tool", tool_call_id: "c1", content: "r" };

  it("passes a defined tool called and answered", () => {
    expect(rules({ ...chat(sys, user, call(), result, answer), tools })).toEqual([]);
    expect(
      rules({ ...chat(sys, user, call(), result, answer), tools: [{ type: "function", function: { name: "f" } }] }),
    ).toEqual([]);
  });

  it("checks tool definitions", () => {
    expect(rules({ ...ok(), tools: {} })).toEqual([["tool.defs", "tools is an object, expected an array"]]);
    for (const bad of [
      { type: "retrieval", function: { name: "f" } },
      { type: "function" },
      { type: "function", function: { name: "" } },
      { type: "function", function: { name: 1 } },
      "f",
    ]) {
      expect(rules({ ...ok(), tools: [bad] }), JSON.stringify(bad)).toEqual([
        ["tool.defs", 'tools[0] must be {type: "function", function: {name, description?, parameters}}'],
      ]);
    }
    expect(rules({ ...ok(), tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] })).toEqual([
      ["tool.defs", "tools[0].function.parameters must be a JSON schema object"],
    ]);
  });

  it("checks calls: shape, JSON arguments, a definition, and the assistant role", () => {
    expect(rules({ ...chat(sys, user, call({ name: "f", arguments: "{x" }), result, answer), tools })).toEqual([
      ["tool.call_shape", "messages[2].tool_calls[0].function.arguments is not valid JSON"],
    ]);
    expect(rules({ ...chat(sys, user, call({ name: "f", arguments: {} }), answer), tools })).toEqual([
      [
        "tool.call_shape",
        'messages[2].tool_calls[0] must be {id, type: "function", function: {name, arguments: "<JSON string>"}}',
      ],
    ]);
    expect(rules({ ...chat(sys, user, call(undefined, { type: "code" }), answer), tools })).toEqual([
      [
        "tool.call_shape",
        'messages[2].tool_calls[0] must be {id, type: "function", function: {name, arguments: "<JSON string>"}}',
      ],
    ]);
    expect(rules({ ...chat(sys, user, call({ arguments: "{}" }), answer), tools })[0]![0]).toBe("tool.call_shape");
    expect(
      rules({
        ...chat(
          sys,
          user,
          { role: "assistant", tool_calls: [{ type: "function", function: { name: "f", arguments: "{}" } }] },
          answer,
        ),
        tools,
      })[0]![0],
    ).toBe("tool.call_shape");
    expect(rules({ ...chat(sys, user, { role: "assistant", tool_calls: ["c1"] }, answer), tools })[0]![0]).toBe(
      "tool.call_shape",
    );
    expect(rules({ ...chat(sys, user, { role: "assistant", tool_calls: [] }, answer), tools })).toEqual([
      ["tool.call_shape", "messages[2] tool_calls is empty, expected a non-empty array"],
    ]);
    expect(rules({ ...chat(sys, user, { role: "assistant", tool_calls: "f()" }, answer), tools })).toEqual([
      ["tool.call_shape", "messages[2] tool_calls is a string, expected a non-empty array"],
    ]);
    expect(rules({ ...chat(sys, { ...user, tool_calls: [] }, answer), tools })).toEqual([
      ["tool.call_shape", 'messages[1] has tool_calls on role "user"; only assistant messages call tools'],
    ]);
    expect(rules(chat(sys, user, call(), result, answer))).toEqual([
      ["tool.defs", "messages[2].tool_calls[0] calls f but the example defines no tools"],
    ]);
    expect(rules({ ...chat(sys, user, call({ name: "g", arguments: "{}" }), { ...result }, answer), tools })).toEqual([
      ["tool.defs", "messages[2].tool_calls[0] calls g, which is not in tools"],
    ]);
  });

  it("links a tool result to an earlier call", () => {
    expect(rules({ ...chat(sys, user, result, answer), tools })).toEqual([
      ["tool.result_link", 'messages[2] tool_call_id "c1" matches no earlier assistant tool call'],
    ]);
    expect(rules({ ...chat(sys, user, call(), { role: "tool", content: "r" }, answer), tools })).toEqual([
      ["tool.result_link", "messages[3] tool_call_id undefined matches no earlier assistant tool call"],
    ]);
    expect(
      rules({ ...chat(sys, user, call(), { role: "tool", tool_call_id: "c2", content: "r" }, answer), tools }),
    ).toEqual([["tool.result_link", 'messages[3] tool_call_id "c2" matches no earlier assistant tool call']]);
  });

  it("warns on the deprecated functions, function_call and function role, and reads legacy function names", () => {
    const functions = [{ name: "f", parameters: {} }];
    const legacy = { role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } };
    expect(
      rules({ ...chat(sys, user, legacy, { role: "function", name: "f", content: "r" }, answer), functions }),
    ).toEqual([
      ["tool.deprecated", "`functions` is deprecated; use `tools` with type function"],
      ["tool.deprecated", "messages[2] uses `function_call`; use `tool_calls`"],
      ["tool.deprecated", 'messages[3] role "function" is deprecated; use role "tool" with tool_call_id'],
    ]);
    // Names from `functions` count as definitions for tool calls.
    expect(rules({ ...chat(sys, user, call(), result, answer), functions })).toEqual([
      ["tool.deprecated", "`functions` is deprecated; use `tools` with type function"],
    ]);
    expect(rules({ ...chat(sys, user, call(), result, answer), functions: [{ parameters: {} }] })).toEqual([
      ["tool.deprecated", "`functions` is deprecated; use `tools` with type function"],
      ["tool.defs", "messages[2].tool_calls[0] calls f, which is not in tools"],
    ]);
    expect(rules({ ...chat(sys, user, call(), result, answer), functions: "f" })).toEqual([
      ["tool.deprecated", "`functions` is deprecated; use `tools` with type function"],
      ["tool.defs", "messages[2].tool_calls[0] calls f but the example defines no tools"],
    ]);
    expect(rules({ ...chat(sys, user, call(), result, answer), functions: [{ name: "g" }], tools })).toEqual([
      ["tool.deprecated", "`functions` is deprecated; use `tools` with type function"],
    ]);
  });
});

describe("reinforcement", () => {
  it("wants a final user message and every field the grader reads; no assistant or system needed", () => {
    expect(rules({ ...chat(user), reference_answer: "x" }, "reinforcement", "o4-mini", ["reference_answer"])).toEqual(
      [],
    );
    expect(rules(chat(user), "reinforcement", "o4-mini", ["reference_answer", "id"])).toEqual([
      ["rft.grader_fields", "field `reference_answer` read by the grader ({{item.reference_answer}}) is missing"],
      ["rft.grader_fields", "field `id` read by the grader ({{item.id}}) is missing"],
    ]);
    expect(rules(chat(user, answer), "reinforcement", "o4-mini")).toEqual([
      ["rft.last_user", 'the last message has role "assistant"; reinforcement examples end with a user message'],
    ]);
    expect(rules(chat(user, "x"), "reinforcement", "o4-mini")).toEqual([
      ["msg.missing_key", "messages[1] is a string, expected an object with role and content"],
      ["rft.last_user", "the last message has role none; reinforcement examples end with a user message"],
    ]);
    expect(rules(chat(sys, answer), "reinforcement", "o4-mini")).toEqual([
      ["rft.last_user", 'the last message has role "assistant"; reinforcement examples end with a user message'],
      ["ex.missing_user", "no user message"],
    ]);
  });
});

describe("preference pairs (DPO)", () => {
  const input = { messages: [sys, user] };
  const good = { input, preferred_output: [answer], non_preferred_output: [{ role: "assistant", content: "B" }] };

  it("passes a complete pair and summarises the preferred answer", () => {
    expect(run(good, "dpo")).toEqual({ reported: [], summary: { output: "A", images: 0, remoteImages: 0 } });
    expect(run({ ...good, input: { ...input, tools: [], parallel_tool_calls: false } }, "dpo").reported).toEqual([]);
  });

  it("wants exactly input, preferred_output and non_preferred_output", () => {
    expect(rules({ input, preferred_output: [answer] }, "dpo")).toEqual([
      [
        "dpo.keys",
        "missing non_preferred_output: a preference line has exactly input, preferred_output, non_preferred_output",
      ],
    ]);
    expect(rules({ ...good, extra: 1, more: 2 }, "dpo")).toEqual([
      [
        "dpo.keys",
        "unexpected extra, more: a preference line has exactly input, preferred_output, non_preferred_output",
      ],
    ]);
    expect(rules({ preferred_output: [answer], non_preferred_output: [answer], messages: [] }, "dpo")).toEqual([
      [
        "dpo.keys",
        "missing input; unexpected messages: a preference line has exactly input, preferred_output, non_preferred_output",
      ],
    ]);
  });

  it("checks the input: an object with a non-empty messages list, and only the allowed keys", () => {
    expect(rules({ ...good, input: "Q" }, "dpo")).toEqual([
      ["dpo.keys", "input is a string, expected an object with messages"],
    ]);
    expect(rules({ ...good, input: { messages: [] } }, "dpo")).toEqual([
      ["dpo.keys", "input.messages must be a non-empty array"],
    ]);
    expect(rules({ ...good, input: { messages: "Q" } }, "dpo")).toEqual([
      ["dpo.keys", "input.messages must be a non-empty array"],
    ]);
    expect(rules({ ...good, input: { ...input, temperature: 0, seed: 1 } }, "dpo")).toEqual([
      ["dpo.keys", "input has unexpected temperature, seed; allowed: messages, tools, parallel_tool_calls"],
    ]);
    expect(rules({ ...good, input: { messages: [sys] } }, "dpo")).toEqual([
      ["ex.missing_user", "input has no user message"],
    ]);
    expect(rules({ ...good, input: { messages: [sys, { role: "user" }] } }, "dpo")).toEqual([
      ["msg.missing_key", "messages[1] has no `content`"],
    ]);
  });

  it("checks each output: a non-empty list of assistant (and tool) messages", () => {
    expect(rules({ ...good, preferred_output: [] }, "dpo")).toEqual([
      ["dpo.outputs", "preferred_output is empty, expected an array with an assistant message"],
    ]);
    expect(rules({ ...good, non_preferred_output: "B" }, "dpo")).toEqual([
      ["dpo.outputs", "non_preferred_output is a string, expected an array with an assistant message"],
    ]);
    expect(rules({ ...good, preferred_output: [user] }, "dpo")).toEqual([
      ["dpo.outputs", 'preferred_output holds role "user"; only assistant and tool messages belong in an output'],
    ]);
    expect(rules({ ...good, preferred_output: ["A"] }, "dpo")).toEqual([
      ["dpo.outputs", "preferred_output holds role undefined; only assistant and tool messages belong in an output"],
      ["msg.missing_key", "preferred_output[0] is a string, expected an object with role and content"],
    ]);
    expect(
      rules({ ...good, non_preferred_output: [{ role: "tool", tool_call_id: "x", content: "r" }] }, "dpo"),
    ).toEqual([
      ["dpo.outputs", "non_preferred_output has no assistant message"],
      ["tool.result_link", 'non_preferred_output[0] tool_call_id "x" matches no earlier assistant tool call'],
    ]);
  });

  it("takes the preferred output's last assistant answer as the example's output, not the rejected one", () => {
    const two = {
      ...good,
      preferred_output: [
        { role: "assistant", content: "first" },
        { role: "assistant", content: "second" },
      ],
    };
    expect(run(two, "dpo").summary.output).toBe("second");
    expect(run({ ...good, preferred_output: [] }, "dpo").summary.output).toBeUndefined();
    const { non_preferred_output: _rejected, ...preferredOnly } = good;
    expect(run(preferredOnly, "dpo").summary.output).toBe("A");
    const { preferred_output: _preferred, ...rejectedOnly } = good;
    expect(run(rejectedOnly, "dpo").summary.output).toBeUndefined();
  });

  it("does not call a DPO set whose rejected answers are all alike a set of identical answers (it was an error)", async () => {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { validateFile } = await import("../../../validate/validator");
    const dir = await mkdtemp(join(tmpdir(), "dpo-outputs-"));
    try {
      const pair = (i: number, preferred: string) =>
        JSON.stringify({
          input: { messages: [sys, { role: "user", content: `Q${i}` }] },
          preferred_output: [{ role: "assistant", content: preferred }],
          non_preferred_output: [{ role: "assistant", content: "I don't know." }],
        });
      const file = join(dir, "p.jsonl");
      const rulesOf = async (lines: string[]) => {
        await writeFile(file, "\uFEFF" + lines.join("\n"));
        return (
          await validateFile(file, { purpose: "validation", method: "dpo", baseModel: "gpt-4.1-mini", tokens: false })
        ).findings.map((f) => f.rule);
      };
      expect(await rulesOf(Array.from({ length: 3 }, (_, i) => pair(i, `A${i}`)))).toEqual([]);
      expect(await rulesOf(Array.from({ length: 3 }, (_, i) => pair(i, "Same.")))).toEqual(["ds.identical_outputs"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads tools defined on the input for calls in the outputs", () => {
    const tools = [{ type: "function", function: { name: "f" } }];
    const call = {
      role: "assistant",
      tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
    };
    expect(
      rules({ input: { ...input, tools }, preferred_output: [call], non_preferred_output: [answer] }, "dpo"),
    ).toEqual([]);
    expect(rules({ input, preferred_output: [call], non_preferred_output: [answer] }, "dpo")).toEqual([
      ["tool.defs", "preferred_output[0].tool_calls[0] calls f but the example defines no tools"],
    ]);
  });
});
