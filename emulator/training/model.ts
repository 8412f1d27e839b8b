// The model: an embedding bag over hashed features (h = sum of the active rows of E), then a softmax over the
// byte vocabulary with logits = U h + b. Small (a few MB), fast on the CPU, and able to memorise replies per prompt.

import { deflateRawSync, inflateRawSync } from "node:zlib";
import { VOCAB } from "./context";
import { gaussian, mulberry32 } from "./random";
import type { ModelWeights } from "./types";

const MODEL_KIND = "hashed-byte-lm/1";
export const ROWS = 1 << 15;
export const DIM = 32;

export interface Weights extends ModelWeights {
  readonly kind: typeof MODEL_KIND;
  readonly rows: number;
  readonly dim: number;
  readonly embeddings: Float32Array; // rows x dim
  readonly output: Float32Array; // VOCAB x dim
  readonly bias: Float32Array; // VOCAB
}

/** Fresh weights: E starts at zero (untouched rows stay zero), U is small and random from the seed. */
export function initialWeights(seed: number): Weights {
  const rand = mulberry32(seed);
  const output = new Float32Array(VOCAB * DIM);
  const scale = 1 / Math.sqrt(DIM);
  for (let i = 0; i < output.length; i++) output[i] = gaussian(rand) * scale;
  return {
    kind: MODEL_KIND,
    rows: ROWS,
    dim: DIM,
    embeddings: new Float32Array(ROWS * DIM),
    output,
    bias: new Float32Array(VOCAB),
  };
}

export function asWeights(w: ModelWeights): Weights {
  const m = w as Weights;
  if (m.kind !== MODEL_KIND || !(m.embeddings instanceof Float32Array) || m.rows !== ROWS || m.dim !== DIM) {
    throw new Error(
      `unsupported model weights: kind ${JSON.stringify(w.kind)} (expected ${MODEL_KIND}, ${ROWS}x${DIM})`,
    );
  }
  return m;
}

export function cloneWeights(w: Weights): Weights {
  return { ...w, embeddings: w.embeddings.slice(), output: w.output.slice(), bias: w.bias.slice() };
}

/** h = sum of the rows named in features[0..count). */
export function hidden(w: Weights, features: Int32Array, count: number, h: Float32Array): void {
  h.fill(0);
  const E = w.embeddings;
  for (let f = 0; f < count; f++) {
    const base = features[f]! * DIM;
    for (let d = 0; d < DIM; d++) h[d] += E[base + d]!;
  }
}

/** Softmax probabilities of the next token from h, written into p. */
export function probabilities(w: Weights, h: Float32Array, p: Float32Array, temperature = 1): void {
  const U = w.output;
  let max = -Infinity;
  for (let v = 0; v < VOCAB; v++) {
    let z = w.bias[v]!;
    const base = v * DIM;
    for (let d = 0; d < DIM; d++) z += U[base + d]! * h[d]!;
    z /= temperature;
    p[v] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let v = 0; v < VOCAB; v++) {
    const e = Math.exp(p[v]! - max);
    p[v] = e;
    sum += e;
  }
  for (let v = 0; v < VOCAB; v++) p[v] = p[v]! / sum;
}

export function argmax(p: Float32Array): number {
  let best = 0;
  for (let v = 1; v < p.length; v++) if (p[v]! > p[best]!) best = v;
  return best;
}

// Checkpoint format: magic, a JSON header, then the raw little-endian float32 arrays, all deflated (lossless,
// so resuming from a checkpoint continues with exactly the same numbers).
const MAGIC = "FTW1";

export function serialize(w: Weights): Buffer {
  const header = Buffer.from(JSON.stringify({ kind: w.kind, rows: w.rows, dim: w.dim, vocab: VOCAB }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const f32 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const body = deflateRawSync(Buffer.concat([len, header, f32(w.embeddings), f32(w.output), f32(w.bias)]), {
    level: 1,
  });
  return Buffer.concat([Buffer.from(MAGIC), body]);
}

export function deserialize(b: Buffer): Weights {
  if (b.length < 4 || b.subarray(0, 4).toString("latin1") !== MAGIC)
    throw new Error("not a model checkpoint (bad magic)");
  const raw = inflateRawSync(b.subarray(4));
  const hlen = raw.readUInt32LE(0);
  const header = JSON.parse(raw.subarray(4, 4 + hlen).toString("utf8")) as {
    kind: string;
    rows: number;
    dim: number;
    vocab: number;
  };
  if (header.kind !== MODEL_KIND || header.rows !== ROWS || header.dim !== DIM || header.vocab !== VOCAB) {
    throw new Error(`unsupported checkpoint: ${JSON.stringify(header)}`);
  }
  let off = 4 + hlen;
  const take = (n: number) => {
    const out = new Float32Array(n);
    Buffer.from(out.buffer).set(raw.subarray(off, off + n * 4));
    off += n * 4;
    return out;
  };
  const embeddings = take(ROWS * DIM);
  const output = take(VOCAB * DIM);
  const bias = take(VOCAB);
  if (off !== raw.length) throw new Error("corrupt checkpoint: unexpected length");
  return { kind: MODEL_KIND, rows: ROWS, dim: DIM, embeddings, output, bias };
}
