// Mutations of a JSONL dataset, from a single flipped byte to a structurally wrong example, as fast-check
// arbitraries. A case applies one to three of them: line-level ones to the lines first, then byte-level ones to
// the joined bytes (so a byte mutation such as utf16 is never parsed back into lines).
import fc from "fast-check";
import { args, fixed, nth, type Params, type Step, step } from "./step";

// Indices wrap round (the file or line they pick from is only known when the step runs); small bounds read better.
const index = fc.nat({ max: 999 });
const at = fc.nat({ max: 99_999 });

type Example = { messages?: unknown; [key: string]: unknown };
/** The file being mutated: its lines, and the byte mutations to apply once they are joined. */
interface Draft {
  lines: string[];
  bytes: ((bytes: Buffer) => Buffer)[];
}

/** A mutation of the lines; with no line left (earlier ones deleted them all) it has nothing to change. */
const onLines = <P extends object>(name: string, params: Params<P>, change: (lines: string[], p: P) => string[]) =>
  step<Draft, P>(name, args<P>(params), (d, p) => (d.lines.length ? { ...d, lines: change(d.lines, p) } : d));

/** A mutation of one line, drawn by index. */
const onLine = <P extends object>(name: string, params: Params<P>, change: (line: string, p: P) => string) =>
  onLines<P & { line: number }>(name, { line: index, ...params } as Params<P & { line: number }>, (lines, p) => {
    const i = p.line % lines.length;
    return lines.map((l, j) => (j === i ? change(l, p) : l));
  });

/** Parses a line, changes the example, writes it back (a line that no longer parses is left as is). */
const onExample = <P extends object>(name: string, params: Params<P>, change: (example: Example, p: P) => unknown) =>
  onLine<P>(name, params, (line, p) => {
    try {
      const example = JSON.parse(line.replace(/^\uFEFF/, "")) as Example;
      return JSON.stringify(change(example, p) ?? example);
    } catch {
      return line; // not JSON (or too deep to rewrite)
    }
  });

/** Changes one message of an example, drawn by index. */
const onMessage = <P extends object>(
  name: string,
  params: Params<P>,
  change: (message: Record<string, unknown>, p: P) => void,
) =>
  onExample<P & { message: number }>(
    name,
    { message: index, ...params } as Params<P & { message: number }>,
    (example, p) => {
      const message = Array.isArray(example.messages) ? nth(example.messages as unknown[], p.message) : undefined;
      if (message && typeof message === "object") change(message as Record<string, unknown>, p);
      return example;
    },
  );

const setField = (name: string, field: string, value: fc.Arbitrary<unknown>) =>
  onMessage(name, { value }, (m, p) => {
    m[field] = p.value;
  });

const onBytes = <P extends object>(name: string, params: Params<P>, change: (bytes: Buffer, p: P) => Buffer) =>
  step<Draft, P>(name, args<P>(params), (d, p) => ({ ...d, bytes: [...d.bytes, (b) => change(b, p)] }));
const bytesTo = (name: string, change: (bytes: Buffer) => Buffer) =>
  fixed<Draft>(name, (d) => ({ ...d, bytes: [...d.bytes, change] }));

const WEIRD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  "",
  " ",
  "\u0000",
  true,
  [],
  {},
  [{}],
  { type: "text" },
  "x".repeat(5000),
  [{ type: "image_url", image_url: { url: "ftp://x" } }],
  [{ type: "text", text: 42 }],
];
const ROLES = [
  "system",
  "user",
  "assistant",
  "tool",
  "function",
  "developer",
  "Assistant",
  "",
  "bot",
  "🤖",
  "__proto__",
];
const BOM = [0xef, 0xbb, 0xbf];

const LINE_MUTATIONS = [
  onLines("deleteLine", { line: index }, (lines, p) => lines.filter((_, j) => j !== p.line % lines.length)),
  onLines("duplicateLine", { line: index }, (lines, p) =>
    lines.flatMap((l, j) => (j === p.line % lines.length ? [l, l] : [l])),
  ),
  onLines("blankLines", { line: index }, (lines, p) => lines.toSpliced(p.line % lines.length, 0, "", "   ", "\t")),
  onLines("keepFew", { keep: fc.integer({ min: 0, max: 12 }) }, (lines, p) => lines.slice(0, p.keep)),
  fixed<Draft>("crlf", (d) => ({ ...d, lines: d.lines.map((l) => `${l}\r`) })),
  onLine("truncateLine", { keep: at }, (s, p) => s.slice(0, p.keep % Math.max(1, s.length))),
  onLine("swapChars", { at }, (s, p) => {
    if (s.length < 2) return s;
    const j = p.at % (s.length - 1);
    return s.slice(0, j) + s[j + 1] + s[j] + s.slice(j + 2);
  }),
  onLine(
    "insertChar",
    { at, char: fc.constantFrom("{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "\u2028", "\ud800", "é", "\n") },
    (s, p) => {
      const j = p.at % (s.length + 1);
      return s.slice(0, j) + p.char + s.slice(j);
    },
  ),
  onLine(
    "notAnObject",
    { text: fc.constantFrom("[]", "42", '"text"', "null", "true", "[{}]", "{}") },
    (_, p) => p.text,
  ),
  onLine(
    "deepNesting",
    { depth: fc.integer({ min: 100, max: 20_000 }) },
    (_, p) => `{"messages":${"[".repeat(p.depth)}${"]".repeat(p.depth)}}`,
  ),
  onMessage("hugeContent", { words: fc.integer({ min: 10_000, max: 80_000 }) }, (m, p) => {
    m.content = "word ".repeat(p.words);
  }),
  setField("roleChange", "role", fc.constantFrom(...ROLES)),
  setField("weirdContent", "content", fc.constantFrom(...WEIRD_VALUES)),
  setField("weirdWeight", "weight", fc.constantFrom<unknown>(0, 1, 2, -1, 0.5, "1", null, true)),
  setField(
    "toolCalls",
    "tool_calls",
    fc.constantFrom<unknown>(
      [],
      [{}],
      [{ id: "a", type: "function", function: { name: "f", arguments: "{" } }],
      "calls",
      [{ id: 1 }],
    ),
  ),
  onMessage(
    "unknownKey",
    { key: fc.constantFrom("foo", "__proto__", "constructor", "toString", "Content") },
    (m, p) => {
      m[p.key] = "x";
    },
  ),
  onMessage("dropRole", {}, (m) => void delete m.role),
  onMessage("dropContent", {}, (m) => void delete m.content),
  onExample("toolMessage", { at: index, id: fc.constantFrom<unknown>("x", "", 7) }, (example, p) => {
    if (Array.isArray(example.messages))
      example.messages.splice(p.at % (example.messages.length + 1), 0, {
        role: "tool",
        tool_call_id: p.id,
        content: "ok",
      });
  }),
  onExample("noAssistant", {}, (example) => {
    if (Array.isArray(example.messages))
      example.messages = (example.messages as { role?: unknown }[]).filter((m) => m?.role !== "assistant");
  }),
  onExample(
    "emptyMessages",
    { messages: fc.constantFrom<unknown>([], null, {}, "messages", [null], [[]]) },
    (example, p) => ({ ...example, messages: p.messages }),
  ),
  onExample("dropMessages", {}, () => ({ prompt: "hi", completion: "there" })),
  onExample("dpoShape", {}, (example) => ({
    input: { messages: example.messages },
    preferred_output: [],
    non_preferred_output: [],
  })),
  onLines("sameAnswers", {}, (lines) =>
    lines.map((line) => {
      try {
        const example = JSON.parse(line.replace(/^\uFEFF/, "")) as Example;
        if (Array.isArray(example.messages))
          for (const m of example.messages as Record<string, unknown>[])
            if (m?.role === "assistant") m.content = "Same.";
        return JSON.stringify(example);
      } catch {
        return line;
      }
    }),
  ),
];

const BYTE_MUTATIONS = [
  onBytes(
    "invalidUtf8",
    { at, bad: fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]) },
    (b, p) => {
      const i = p.at % (b.length + 1);
      return Buffer.concat([b.subarray(0, i), Buffer.from(p.bad), b.subarray(i)]);
    },
  ),
  onBytes("flipByte", { at, bit: fc.integer({ min: 0, max: 7 }) }, (b, p) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    out[p.at % b.length] ^= 1 << p.bit;
    return out;
  }),
  onBytes("nulBytes", { at, count: fc.integer({ min: 1, max: 64 }) }, (b, p) => {
    const i = p.at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), Buffer.alloc(p.count), b.subarray(i)]);
  }),
  bytesTo("toggleBom", (b) =>
    b.subarray(0, 3).equals(Buffer.from(BOM)) ? b.subarray(3) : Buffer.concat([Buffer.from(BOM), b]),
  ),
  bytesTo("doubleBom", (b) => Buffer.concat([Buffer.from([...BOM, ...BOM]), b])),
  bytesTo("empty", () => Buffer.alloc(0)),
  bytesTo("whitespaceOnly", () => Buffer.from("\n\n   \n\t\n")),
  bytesTo("utf16", (b) => Buffer.from(b.toString("utf8"), "utf16le")),
  bytesTo("noFinalNewline", (b) =>
    b.at(-1) === 0x0a ? b.subarray(0, b.length - 1) : Buffer.concat([b, Buffer.from("\n")]),
  ),
];

export type DatasetSteps = Step<Draft>[];

/** One to three mutations, line-level three times as often as byte-level (minLength 0 then a filter: with
 * minLength 1 fast-check cannot drop the last step when shrinking). */
export const datasetSteps: fc.Arbitrary<DatasetSteps> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.oneof(...LINE_MUTATIONS) },
      { weight: 1, arbitrary: fc.oneof(...BYTE_MUTATIONS) },
    ),
    { maxLength: 3 },
  )
  .filter((steps) => steps.length > 0);

export function mutateDataset(original: Buffer, steps: DatasetSteps): Buffer {
  const draft = steps.reduce((d, s) => s.apply(d), {
    lines: original.toString("utf8").split("\n"),
    bytes: [],
  } as Draft);
  return draft.bytes.reduce<Buffer>((b, change) => change(b), Buffer.from(draft.lines.join("\n"), "utf8"));
}
