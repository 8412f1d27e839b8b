// Minibatch training (Adam/RMSProp, see Optimizer) on mean cross-entropy over the trained reply tokens. Batches are of examples, the
// order of each epoch is a seeded shuffle, and optimiser moments restart at every epoch, so an epoch-end checkpoint
// (weights only) is all that is needed to resume with exactly the numbers of an uninterrupted run.

import { END, VOCAB, segmentsOf, type Segment } from "./context";
import { MAX_FEATURES, featuresAt } from "./features";
import { DIM, ROWS, argmax, asWeights, cloneWeights, hidden, initialWeights, probabilities, type Weights } from "./model";
import { mix, mulberry32, permutation } from "./random";
import type { StepMetrics, Trainer, TrainerOptions } from "./types";

/** Adam step size at learning_rate_multiplier 1. */
export const BASE_LEARNING_RATE = 0.02;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
const EMBEDDING_RATE_FACTOR = 3;

interface Totals { loss: number; correct: number; tokens: number }

/** Scratch buffers reused across positions, so a step allocates nothing per token. */
class Scratch {
  readonly features = new Int32Array(MAX_FEATURES);
  readonly grams = new Uint32Array(8);
  readonly h = new Float32Array(DIM);
  readonly p = new Float32Array(VOCAB);
  readonly dh = new Float32Array(DIM);
}

/** Loss and accuracy of the model on segments, without learning. */
export function evaluate(w: Weights, segments: readonly Segment[], s = new Scratch()): Totals {
  const totals: Totals = { loss: 0, correct: 0, tokens: 0 };
  for (const seg of segments) {
    for (let t = 0; t <= seg.target.length; t++) {
      const y = t < seg.target.length ? seg.target[t]! : END;
      const n = featuresAt(seg.context, seg.target, t, ROWS, s.features, s.grams);
      hidden(w, s.features, n, s.h);
      probabilities(w, s.h, s.p);
      totals.loss -= Math.log(Math.max(s.p[y]!, 1e-30));
      if (argmax(s.p) === y) totals.correct++;
      totals.tokens++;
    }
  }
  return totals;
}

/** Gradient buffers: dense for U and b, dense-with-touched-list for the (mostly untouched) embedding table. */
class Gradients {
  readonly embeddings = new Float32Array(ROWS * DIM);
  readonly output = new Float32Array(VOCAB * DIM);
  readonly bias = new Float32Array(VOCAB);
  readonly touched = new Uint8Array(ROWS);
  touchedRows: number[] = [];

  touch(row: number): void {
    if (!this.touched[row]) { this.touched[row] = 1; this.touchedRows.push(row); }
  }
  clear(): void {
    for (const r of this.touchedRows) { this.touched[r] = 0; this.embeddings.fill(0, r * DIM, (r + 1) * DIM); }
    this.touchedRows = [];
    this.output.fill(0);
    this.bias.fill(0);
  }
}

/** Output-layer gradient for one position: gU += dz h^T, gb += dz, dh = U^T dz, with dz = (p - onehot(y)) * scale. */
function backward(U: Float32Array, h: Float32Array, p: Float32Array, y: number, scale: number, dh: Float32Array, gU: Float32Array, gb: Float32Array): void {
  dh.fill(0);
  for (let v = 0; v < VOCAB; v++) {
    const dz = (v === y ? p[v]! - 1 : p[v]!) * scale;
    gb[v] += dz;
    for (let d = 0, base = v * DIM; d < DIM; d++, base++) {
      gU[base] += dz * h[d]!;
      dh[d] += dz * U[base]!;
    }
  }
}

/** Adds the gradient of the batch-mean cross-entropy over segments into g; returns the batch's loss totals. */
function accumulate(w: Weights, segments: readonly Segment[], g: Gradients, s: Scratch): Totals {
  const totals: Totals = { loss: 0, correct: 0, tokens: 0 };
  const count = segments.reduce((n, seg) => n + seg.target.length + 1, 0);
  if (count === 0) return totals;
  const scale = 1 / count;
  const U = w.output;
  for (const seg of segments) {
    for (let t = 0; t <= seg.target.length; t++) {
      const y = t < seg.target.length ? seg.target[t]! : END;
      const n = featuresAt(seg.context, seg.target, t, ROWS, s.features, s.grams);
      hidden(w, s.features, n, s.h);
      probabilities(w, s.h, s.p);
      totals.loss -= Math.log(Math.max(s.p[y]!, 1e-30));
      if (argmax(s.p) === y) totals.correct++;
      totals.tokens++;
      backward(U, s.h, s.p, y, scale, s.dh, g.output, g.bias);
      const gE = g.embeddings, dh = s.dh;
      for (let f = 0; f < n; f++) {
        const row = s.features[f]!;
        g.touch(row);
        const base = row * DIM;
        for (let d = 0; d < DIM; d++) gE[base + d] += dh[d]!;
      }
    }
  }
  return totals;
}

/**
 * The optimiser. U and b (dense, touched every step) use Adam. The embedding table uses RMSProp (Adam without
 * momentum, with bias correction) at EMBEDDING_RATE_FACTOR times the step size, on the rows touched by the batch:
 * lazy momentum would drop most of the push a rarely seen feature (say, one prompt's) gets, and those features
 * are what tie a reply to its conversation.
 */
class Optimizer {
  private readonly m = { output: new Float32Array(VOCAB * DIM), bias: new Float32Array(VOCAB) };
  private readonly v = { embeddings: new Float32Array(ROWS * DIM), output: new Float32Array(VOCAB * DIM), bias: new Float32Array(VOCAB) };
  private t = 0;

  reset(): void {
    this.m.output.fill(0); this.m.bias.fill(0);
    this.v.embeddings.fill(0); this.v.output.fill(0); this.v.bias.fill(0);
    this.t = 0;
  }

  apply(w: Weights, g: Gradients, lr: number): void {
    this.t++;
    const c1 = 1 - Math.pow(BETA1, this.t);
    const c2 = 1 - Math.pow(BETA2, this.t);
    adam(w.output, g.output, this.m.output, this.v.output, lr, c1, c2);
    adam(w.bias, g.bias, this.m.bias, this.v.bias, lr, c1, c2);
    const E = w.embeddings, G = g.embeddings, V = this.v.embeddings;
    const rate = lr * EMBEDDING_RATE_FACTOR;
    for (const r of g.touchedRows) {
      for (let i = r * DIM, end = i + DIM; i < end; i++) {
        const gi = G[i]!;
        const vi = (V[i] = BETA2 * V[i]! + (1 - BETA2) * gi * gi);
        E[i] -= (rate * gi) / (Math.sqrt(vi / c2) + EPSILON);
      }
    }
  }
}

function adam(p: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, c1: number, c2: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = grad[i]!;
    const mi = (m[i] = BETA1 * m[i]! + (1 - BETA1) * gi);
    const vi = (v[i] = BETA2 * v[i]! + (1 - BETA2) * gi * gi);
    p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + EPSILON);
  }
}

const ratio = (t: Totals) => ({
  loss: t.tokens ? t.loss / t.tokens : 0,
  accuracy: t.tokens ? t.correct / t.tokens : 0,
});

export function createTrainer(o: TrainerOptions): Trainer {
  const { n_epochs, batch_size, learning_rate_multiplier } = o.hyperparameters;
  for (const [key, value] of Object.entries(o.hyperparameters)) {
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) throw new RangeError(`hyperparameters.${key}: must be a positive number, got ${String(value)}`);
  }
  if (!Number.isInteger(n_epochs) || !Number.isInteger(batch_size)) throw new RangeError("hyperparameters.n_epochs and batch_size must be integers");
  if (o.training.length === 0) throw new RangeError("training: no examples");

  const training = o.training.map(segmentsOf);
  const validation = (o.validation ?? []).map(segmentsOf);
  const stepsPerEpoch = Math.ceil(training.length / batch_size);
  const totalSteps = stepsPerEpoch * n_epochs;
  const validBatches = Math.ceil(validation.length / batch_size);

  let weights: Weights = o.resume ? cloneWeights(asWeights(o.resume.weights))
    : o.base ? cloneWeights(asWeights(o.base)) : initialWeights(mix(o.seed, 1));
  let epoch = o.resume ? o.resume.completedEpochs : 0; // 0-based epoch in progress
  let stepInEpoch = 0;
  let globalStep = o.resume ? o.resume.step : 0;
  let order: number[] = [];
  const optimizer = new Optimizer();
  const grads = new Gradients();
  const scratch = new Scratch();

  return {
    totalSteps,
    stepsPerEpoch,
    step(): StepMetrics | null {
      if (epoch >= n_epochs) return null;
      if (stepInEpoch === 0) {
        order = permutation(training.length, mulberry32(mix(o.seed, 2, epoch)));
        optimizer.reset();
      }
      const batch = order.slice(stepInEpoch * batch_size, (stepInEpoch + 1) * batch_size).flatMap((i) => training[i]!);
      grads.clear();
      const train = accumulate(weights, batch, grads, scratch);
      // linear decay to a tenth of the step size over the whole run
      const lr = BASE_LEARNING_RATE * learning_rate_multiplier * (1 - 0.9 * (globalStep / totalSteps));
      if (train.tokens > 0) optimizer.apply(weights, grads, lr);
      globalStep++;
      stepInEpoch++;
      const t = ratio(train);
      const metrics: StepMetrics = { step: globalStep, epoch: epoch + 1, train_loss: t.loss, train_mean_token_accuracy: t.accuracy, tokens: train.tokens };
      if (validBatches > 0) {
        const b = (globalStep - 1) % validBatches;
        const v = ratio(evaluate(weights, validation.slice(b * batch_size, (b + 1) * batch_size).flat(), scratch));
        metrics.valid_loss = v.loss;
        metrics.valid_mean_token_accuracy = v.accuracy;
      }
      if (stepInEpoch === stepsPerEpoch) {
        if (validBatches > 0) {
          const v = ratio(evaluate(weights, validation.flat(), scratch));
          metrics.full_valid_loss = v.loss;
          metrics.full_valid_mean_token_accuracy = v.accuracy;
        }
        epoch++;
        stepInEpoch = 0;
      }
      return metrics;
    },
    weights: () => cloneWeights(weights),
  };
}
