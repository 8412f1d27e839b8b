// The pre-tokenizer of o200k_base and cl100k_base (the split before byte-pair merging), as a character scanner.
// The library splits with one large Unicode regex, which was 60% of the counting time on chat text. The scanner
// decides text of simple characters itself (ASCII, and upper/lower-case letters and symbols anywhere in the BMP)
// and hands any piece that touches another character (marks, CJK and other caseless letters, non-ASCII digits
// and spaces, astral characters) to the same regex, anchored at that position: every position of a text starts a
// match of the regex, so the pieces are the same.
// test/unit/validate/token-split.test.ts checks both splits against the library's regex.

import type { Encoding } from "../azure/models";

/** End (exclusive) of the piece starting at p, or -1 when the piece needs the regex. */
type PieceEnd = (text: string, p: number) => number;

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const SPACE = 4;
/** \r and \n: whitespace that the patterns treat apart. */
const NEWLINE = 5;

/** Characters the scanner does not decide (marks, Lm/Lo letters, other digits, other spaces, surrogates). */
const REGEX = -1;
const END = -2;

// Classes of every UTF-16 code unit, from the same Unicode tables the library's regex uses.
const CLASS = new Int8Array(65536);
{
  const lower = /\p{Ll}/u;
  const upper = /[\p{Lu}\p{Lt}]/u;
  const symbol = /[^\s\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
    else if (c === 10 || c === 13) CLASS[c] = NEWLINE;
    else if (c === 32 || (c >= 9 && c <= 12)) CLASS[c] = SPACE;
    else if (c >= 0xd800 && c <= 0xdfff) CLASS[c] = REGEX;
    else if (lower.test(ch)) CLASS[c] = LOWER;
    else if (upper.test(ch)) CLASS[c] = UPPER;
    else if (symbol.test(ch)) CLASS[c] = OTHER;
    else CLASS[c] = REGEX;
  }
}

function classAt(text: string, i: number): number {
  return i < text.length ? CLASS[text.charCodeAt(i)] : END;
}

const isLetter = (k: number) => k === LOWER || k === UPPER;

/** Length of a contraction suffix ('s 'd 'm 't 'll 've 're, either case) at i, or 0. */
function contraction(text: string, i: number): number {
  if (text.charCodeAt(i) !== 39) return 0;
  const a = text.charCodeAt(i + 1) | 0x20;
  if (a === 115 || a === 100 || a === 109 || a === 116) return 2;
  const b = text.charCodeAt(i + 2) | 0x20;
  return (a === 108 && b === 108) || (a === 118 && b === 101) || (a === 114 && b === 101) ? 3 : 0;
}

/** End of a run of one class from i, or -1 if the run reaches a character the scanner leaves to the regex. */
function runEnd(text: string, i: number, k: number): number {
  for (;;) {
    const ki = classAt(text, i);
    if (ki === REGEX) return -1;
    if (ki !== k) return i;
    i++;
  }
}

/** A whitespace run from p: `newlineFirst` is o200k's order (\s*[\r\n]+ before end of text), cl100k has \s+$ first. */
function whitespaceEnd(text: string, p: number, newlineFirst: boolean): number {
  let i = p;
  let lastNewline = -1;
  for (;;) {
    const k = classAt(text, i);
    if (k === REGEX) return -1;
    if (k === NEWLINE) lastNewline = i;
    else if (k !== SPACE) break;
    i++;
  }
  const atEnd = i === text.length;
  if (atEnd && !newlineFirst) return i;
  if (lastNewline >= 0) return lastNewline + 1; // \s*[\r\n]+ : up to the last line break of the run
  if (atEnd) return i;
  return i - p >= 2 ? i - 1 : i; // \s+(?!\S) leaves the last space to the next word; else \s+ or \s
}

/** Symbols ([^\s\p{L}\p{N}]+) from i, then the trailing characters `tail` accepts. */
function symbolsEnd(text: string, i: number, slashInTail: boolean): number {
  i = runEnd(text, i, OTHER);
  if (i < 0) return -1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || (slashInTail && c === 47)) i++;
    else return i;
  }
}

/** Letters from i: o200k takes upper case then lower case, then a contraction. */
function o200kWordEnd(text: string, i: number): number {
  i = runEnd(text, i, UPPER);
  if (i < 0) return -1;
  i = runEnd(text, i, LOWER);
  if (i < 0) return -1;
  return i + contraction(text, i);
}

function o200kPieceEnd(text: string, p: number): number {
  const k = classAt(text, p);
  if (k === REGEX) return -1;
  if (isLetter(k)) return o200kWordEnd(text, p);
  if (k === DIGIT) return digitsEnd(text, p);
  const next = classAt(text, p + 1);
  if (next === REGEX) return -1;
  if (k !== NEWLINE && isLetter(next)) return o200kWordEnd(text, p + 1); // one leading non-letter, e.g. " word"
  if (k === OTHER) return symbolsEnd(text, p + 1, true);
  if (text.charCodeAt(p) === 32 && next === OTHER) return symbolsEnd(text, p + 2, true); // " ?" before symbols
  return whitespaceEnd(text, p, true);
}

function digitsEnd(text: string, p: number): number {
  let i = p + 1;
  for (; i < p + 3; i++) {
    const k = classAt(text, i);
    if (k === REGEX) return -1;
    if (k !== DIGIT) break;
  }
  return i;
}

function cl100kPieceEnd(text: string, p: number): number {
  const suffix = contraction(text, p);
  if (suffix > 0) return p + suffix;
  const k = classAt(text, p);
  if (k === REGEX) return -1;
  if (isLetter(k)) return lettersEnd(text, p);
  if (k === DIGIT) return digitsEnd(text, p);
  const next = classAt(text, p + 1);
  if (next === REGEX) return -1;
  if (k !== NEWLINE && isLetter(next)) return lettersEnd(text, p + 1);
  if (k === OTHER) return symbolsEnd(text, p + 1, false);
  if (text.charCodeAt(p) === 32 && next === OTHER) return symbolsEnd(text, p + 2, false);
  return whitespaceEnd(text, p, false);
}

/** cl100k's \p{L}+, either case. */
function lettersEnd(text: string, i: number): number {
  for (;;) {
    const k = classAt(text, i);
    if (k === REGEX) return -1;
    if (!isLetter(k)) return i;
    i++;
  }
}

interface SplitParams {
  pieceEnd: PieceEnd;
  /** The library's split regex, sticky: it matches only at lastIndex. */
  sticky: RegExp;
}

/** The scanner and its regex fallback for an encoding, given the library's split regex for it. */
export function splitParams(encoding: Encoding, libraryRegex: RegExp): SplitParams {
  return {
    pieceEnd: encoding === "o200k_base" ? o200kPieceEnd : cl100kPieceEnd,
    sticky: new RegExp(libraryRegex.source, "uy"),
  };
}

/** End of the piece at p by the library's regex (sticky, so it matches only there). */
export function regexPieceEnd(sticky: RegExp, text: string, p: number): number {
  sticky.lastIndex = p;
  const m = sticky.exec(text);
  // Every character starts a match; the guard only rules out an endless loop.
  return m && m[0].length > 0 ? p + m[0].length : p + 1;
}

/** The pieces of a text (for tests: the counter walks them without building the list). */
export function splitText(text: string, { pieceEnd, sticky }: SplitParams): string[] {
  const pieces: string[] = [];
  for (let p = 0; p < text.length; ) {
    let end = pieceEnd(text, p);
    if (end < 0) end = regexPieceEnd(sticky, text, p);
    pieces.push(text.slice(p, end));
    p = end;
  }
  return pieces;
}
