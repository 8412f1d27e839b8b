// The fast token counter (validate/tokens.ts over validate/token-split.ts) against gpt-tokenizer's own: the same
// pieces as the library's split regex and the same counts as its plain countTokens, for o200k_base and cl100k_base,
// on every dataset fixture, the sample datasets and random text built from the characters each rule turns on; and
// the token set the counter looks pieces up in, against the library's Map.

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Encoding } from "../../../azure/models";
import { buildTokenTables, hasToken, rankOf } from "../../../validate/token-set";
import { splitParams, splitText } from "../../../validate/token-split";
import { textCounter, tokenTables } from "../../../validate/tokens";

const load = createRequire(__filename);
interface Library {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
  default: { bytePairEncodingCoreProcessor: { tokenSplitRegex: RegExp } };
}
const ENCODINGS: Encoding[] = ["o200k_base", "cl100k_base"];
const library = (e: Encoding): Library => load(`gpt-tokenizer/cjs/encoding/${e}`);
const plainCount = (e: Encoding, text: string) => library(e).countTokens(text, { disallowedSpecial: new Set() });
const regexSplit = (e: Encoding, text: string) =>
  [...text.matchAll(library(e).default.bytePairEncodingCoreProcessor.tokenSplitRegex)].map((m) => m[0]);
const split = (e: Encoding, text: string) =>
  splitText(text, splitParams(e, library(e).default.bytePairEncodingCoreProcessor.tokenSplitRegex));

// Characters on every side of the rules: cases, contractions, digits, spaces and line breaks, symbols and the
// slash o200k keeps after them, titlecase (Lt), modifier and caseless letters (Lm, Lo), marks, other digits,
// non-ASCII spaces, the BOM, surrogate pairs (emoji) and a lone surrogate.
const ALPHABET = [
  ..."aAzZsStTdDmMlLvVeErRxX'’0123456789 \t\n\r\v\f!?.,;:/\\-_()[]{}\"#$%&*+<=>@^`|~\u0000\u007f\u0085",
  ..."éÉßæÆœǅǈʰー東京データабвАБВ\u0301\u0308\u0903²³٣١\u00a0\u2003\u3000\u2028\ufeff—…€©",
  "😀",
  "👍🏽",
  "\ud800",
  "<|endoftext|>",
  "<|im_start|>",
];
const textArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((parts) => parts.join(""));

const EDGES = [
  "",
  "HELLO world's HE'S they'LL we'Re I'm don't 'sup 'll",
  "HelloWorld helloWORLD ǅemo ʰa Aʰ aʰB データabc",
  "1234567 12a a12 ²³4 ٣٣٣٣",
  "a  b   c\n\n  d \n\t e\r\n f   ",
  "x !!\n\n/ ((y a/b //\n/ \t!z",
  "end with spaces   ",
  "end with newline and spaces\n  ",
  "café naïve résumé Größe straße 東京 データ придумать — … 😀👍🏽",
  "e\u0301 \u0301a a\u0301\u0301b \u00a0a \u3000b",
  "é\ufeff \ufeff\ufeffa x\ufeff", // the library's decoder drops a BOM that starts a span it merges
];

function samples(): string[] {
  const texts: string[] = [];
  const dirs = [join(__dirname, "../../fixtures/datasets"), join(__dirname, "../../../datasets/clippy")];
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
      const text = readFileSync(join(dir, name), "utf8");
      texts.push(text);
      for (const line of text.split("\n")) {
        try {
          collectStrings(JSON.parse(line), texts);
        } catch {
          // lines that are not JSON are in the whole-file text already
        }
      }
    }
  }
  return texts;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, into);
}

describe.each(ENCODINGS)("%s", (encoding) => {
  const count = textCounter(encoding);

  it("splits like the library's regex, on edge cases and on random text", () => {
    for (const text of EDGES) expect(split(encoding, text), JSON.stringify(text)).toEqual(regexSplit(encoding, text));
    fc.assert(
      fc.property(textArb, (text) => {
        expect(split(encoding, text)).toEqual(regexSplit(encoding, text));
      }),
      { numRuns: 3000 },
    );
  });

  it("counts like the library's countTokens on the fixtures and sample datasets, string by string", () => {
    const texts = samples();
    expect(texts.length).toBeGreaterThan(500);
    for (const text of [...EDGES, ...texts])
      expect(count(text), JSON.stringify(text.slice(0, 80))).toBe(plainCount(encoding, text));
  });

  it("counts like the library's countTokens on random text", () => {
    fc.assert(
      fc.property(textArb, (text) => count(text) === plainCount(encoding, text)),
      { numRuns: 3000 },
    );
  });
});

describe("token tables", () => {
  const core = library("o200k_base").default.bytePairEncodingCoreProcessor as unknown as {
    bytePairStringRankEncoder: Map<string, number>;
  };
  const ranks = core.bytePairStringRankEncoder;

  it("hold every string token of o200k_base with its rank, and answer slices like the library's Map", () => {
    const t = tokenTables("o200k_base");
    const utf8 = new TextEncoder();
    for (const [token, rank] of ranks) {
      expect(hasToken(t.strings, `<${token}>`, 1, token.length + 1)).toBe(true);
      const bytes = utf8.encode(`<${token}>`);
      expect(rankOf(t, bytes, 1, bytes.length - 1)).toBe(rank);
    }
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const start = text.length ? a % text.length : 0;
        const end = start + (text.length - start ? b % (text.length - start + 1) : 0);
        expect(hasToken(t.strings, text, start, end)).toBe(ranks.has(text.slice(start, end)));
      }),
      { numRuns: 5000 },
    );
  });

  it("tell apart keys that share a slot run, a prefix or a length (a small table, so probes collide)", () => {
    const words = (n: number): string[] => (n === 0 ? [""] : words(n - 1).flatMap((w) => [`${w}a`, `${w}b`, `${w}c`]));
    const keys = ["a", "ab", "ba", "abc", "bca", "cab", "aaaa", "abab"];
    const t = buildTokenTables(keys);
    const utf8 = new TextEncoder();
    for (const word of [0, 1, 2, 3, 4, 5].flatMap(words)) {
      expect(hasToken(t.strings, `x${word}y`, 1, word.length + 1), word).toBe(keys.includes(word));
      expect(rankOf(t, utf8.encode(word), 0, word.length), word).toBe(keys.indexOf(word));
    }
  });
});
