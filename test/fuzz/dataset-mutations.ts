// Mutations of a JSONL dataset, from a single flipped byte to a structurally wrong example. Each returns the
// new bytes; a case applies one to three of them. Names say what a mutation does (reported per case).
import { between, pick, type Random } from "../../scripts/chaos/random";

type Example = { messages?: unknown; [key: string]: unknown };
type LineMutation = (lines: string[], random: Random) => string[];

const at = (random: Random, lines: string[]) => between(random, 0, Math.max(0, lines.length - 1));

/** Parses line i, changes the example, writes it back (a line that no longer parses is left as is). */
const onExample =
  (change: (example: Example, random: Random) => unknown): LineMutation =>
  (lines, random) => {
    const i = at(random, lines);
    const out = [...lines];
    try {
      const example = JSON.parse(lines[i]!.replace(/^\uFEFF/, "")) as Example;
      out[i] = JSON.stringify(change(example, random) ?? example);
    } catch {
      return lines; // not JSON (or too deep to rewrite): leave the line as it is
    }
    return out;
  };

const onMessage = (change: (message: Record<string, unknown>, random: Random) => void): LineMutation =>
  onExample((example, random) => {
    if (!Array.isArray(example.messages) || example.messages.length === 0) return example;
    const message = pick(random, example.messages as Record<string, unknown>[]);
    if (message && typeof message === "object") change(message, random);
    return example;
  });

const WEIRD_VALUES: unknown[] = [null, 0, -1, 1.5, "", " ", "\u0000", true, [], {}, [{}], { type: "text" }, "x".repeat(5000), [{ type: "image_url", image_url: { url: "ftp://x" } }], [{ type: "text", text: 42 }]];
const ROLES = ["system", "user", "assistant", "tool", "function", "developer", "Assistant", "", "bot", "🤖", "__proto__"];

const LINE_MUTATIONS: Record<string, LineMutation> = {
  deleteLine: (lines, random) => lines.filter((_, i) => i !== at(random, lines)),
  duplicateLine: (lines, random) => {
    const i = at(random, lines);
    return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
  },
  truncateLine: (lines, random) => {
    const i = at(random, lines);
    const out = [...lines];
    out[i] = out[i]!.slice(0, between(random, 0, out[i]!.length - 1));
    return out;
  },
  blankLines: (lines, random) => {
    const i = at(random, lines);
    return [...lines.slice(0, i), "", "   ", "\t", ...lines.slice(i)];
  },
  crlf: (lines) => lines.map((l) => `${l}\r`),
  keepFew: (lines, random) => lines.slice(0, between(random, 0, 12)),
  swapChars: (lines, random) => {
    const i = at(random, lines);
    const s = lines[i]!;
    if (s.length < 2) return lines;
    const j = between(random, 0, s.length - 2);
    const out = [...lines];
    out[i] = s.slice(0, j) + s[j + 1] + s[j] + s.slice(j + 2);
    return out;
  },
  insertChar: (lines, random) => {
    const i = at(random, lines);
    const s = lines[i]!;
    const j = between(random, 0, s.length);
    const out = [...lines];
    out[i] = s.slice(0, j) + pick(random, ["{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "\u2028", "\ud800", "é", "\n"]) + s.slice(j);
    return out;
  },
  notAnObject: (lines, random) => {
    const out = [...lines];
    out[at(random, lines)] = pick(random, ["[]", "42", '"text"', "null", "true", "[{}]", "{}"]);
    return out;
  },
  deepNesting: (lines, random) => {
    const depth = between(random, 100, 20000);
    const out = [...lines];
    out[at(random, lines)] = `{"messages":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    return out;
  },
  hugeContent: onMessage((m, random) => void (m.content = "word ".repeat(between(random, 10_000, 80_000)))),
  roleChange: onMessage((m, random) => void (m.role = pick(random, ROLES))),
  dropRole: onMessage((m) => void delete m.role),
  dropContent: onMessage((m) => void delete m.content),
  weirdContent: onMessage((m, random) => void (m.content = pick(random, WEIRD_VALUES))),
  weirdWeight: onMessage((m, random) => void (m.weight = pick(random, [0, 1, 2, -1, 0.5, "1", null, true]))),
  unknownKey: onMessage((m, random) => void (m[pick(random, ["foo", "__proto__", "constructor", "toString", "Content"])] = "x")),
  toolCalls: onMessage((m, random) => void (m.tool_calls = pick(random, [[], [{}], [{ id: "a", type: "function", function: { name: "f", arguments: "{" } }], "calls", [{ id: 1 }]]))),
  toolMessage: onExample((example, random) => {
    if (Array.isArray(example.messages)) example.messages.splice(between(random, 0, example.messages.length), 0, { role: "tool", tool_call_id: pick(random, ["x", "", 7]), content: "ok" });
    return example;
  }),
  noAssistant: onExample((example) => {
    if (Array.isArray(example.messages)) example.messages = (example.messages as { role?: unknown }[]).filter((m) => m?.role !== "assistant");
    return example;
  }),
  emptyMessages: onExample((example, random) => ({ ...example, messages: pick(random, [[], null, {}, "messages", [null], [[]]]) })),
  dropMessages: onExample(() => ({ prompt: "hi", completion: "there" })),
  dpoShape: onExample((example) => ({ input: { messages: example.messages }, preferred_output: [], non_preferred_output: [] })),
  sameAnswers: (lines) =>
    lines.map((line) => {
      try {
        const example = JSON.parse(line.replace(/^\uFEFF/, "")) as Example;
        if (Array.isArray(example.messages)) for (const m of example.messages as Record<string, unknown>[]) if (m?.role === "assistant") m.content = "Same.";
        return JSON.stringify(example);
      } catch {
        return line;
      }
    }),
};

type ByteMutation = (bytes: Buffer, random: Random) => Buffer;

const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  invalidUtf8: (bytes, random) => {
    const i = between(random, 0, bytes.length);
    return Buffer.concat([bytes.subarray(0, i), Buffer.from(pick(random, [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]])), bytes.subarray(i)]);
  },
  flipByte: (bytes, random) => {
    if (bytes.length === 0) return bytes;
    const out = Buffer.from(bytes);
    const i = between(random, 0, out.length - 1);
    out[i] = out[i]! ^ (1 << between(random, 0, 7));
    return out;
  },
  nulBytes: (bytes, random) => {
    const i = between(random, 0, bytes.length);
    return Buffer.concat([bytes.subarray(0, i), Buffer.alloc(between(random, 1, 64)), bytes.subarray(i)]);
  },
  toggleBom: (bytes) => (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])),
  doubleBom: (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), bytes]),
  empty: () => Buffer.alloc(0),
  whitespaceOnly: () => Buffer.from("\n\n   \n\t\n"),
  utf16: (bytes) => Buffer.from(bytes.toString("utf8"), "utf16le"),
  noFinalNewline: (bytes) => (bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.length - 1) : Buffer.concat([bytes, Buffer.from("\n")])),
};

export interface DatasetCase {
  seed: number;
  mutations: string[];
  bytes: Buffer;
}

/** One seeded case: one to three mutations of `original`, line-level ones first, byte-level last. */
export function mutateDataset(original: Buffer, seed: number, random: Random): DatasetCase {
  const count = between(random, 1, 3);
  const names: string[] = [];
  let lines = original.toString("utf8").split("\n");
  const byteNames: string[] = [];
  for (let k = 0; k < count; k++) {
    if (random() < 0.75) {
      const name = pick(random, Object.keys(LINE_MUTATIONS));
      names.push(name);
      // Earlier mutations may have left no line at all: then this one has nothing to change.
      if (lines.length > 0) lines = LINE_MUTATIONS[name]!(lines, random);
    } else {
      byteNames.push(pick(random, Object.keys(BYTE_MUTATIONS)));
    }
  }
  let bytes: Buffer = Buffer.from(lines.join("\n"), "utf8");
  for (const name of byteNames) {
    names.push(name);
    bytes = BYTE_MUTATIONS[name]!(bytes, random);
  }
  return { seed, mutations: names, bytes };
}
