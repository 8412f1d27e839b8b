// Minibatch training (Adam/RMSProp, see Optimizer), supervised (mean cross-entropy over the trained reply tokens) or
// DPO (preference pairs against the frozen starting weights); both share one loop (trainingLoop). Batches are of examples, the
// order of each epoch is a seeded shuffle, and optimiser moments restart at every epoch, so an epoch-end checkpoint
// (weights only) is all that is needed to resume with exactly the numbers of an uninterrupted run.

import { END, type PairSegments, pairOf, type Segment, segmentsOf, VOCAB } from "./context";
import { featuresAt, MAX_FEATURES } from "./features";
import {
  argmax,
  asWeights,
  cloneWeights,
  DIM,
  hidden,
  initialWeights,
  probabilities,
  ROWS,
  type Weights,
} from "./model";
import { mix, mulberry32, permutation } from "./random";
import type {
  DpoTrainerOptions,
  Hyperparameters,
  ModelWeights,
  PreferenceExample,
  StepMetrics,
  Trainer,
  TrainerOptions,
} from "./types";

/** Adam step size at learning_rate_multiplier 1. */
const BASE_LEARNING_RATE = 0.02;
/**
 * DPO steps are this fraction of supervised ones. Adam normalises the step size, so the DPO gradient (scaled by
 * beta * sigmoid(-z)) moves the weights as far as a cross-entropy one; at the supervised size the margins over-shoot
 * within an epoch or two and the preferred replies lose likelihood too (measured: after SFT on both answers, DPO at
 * factor 1 drops log p(preferred) from about -1 to -20; at 0.1 it rises to about -0.2 and greedy decoding flips).
 */
const DPO_RATE_FACTOR = 0.1;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
const EMBEDDING_RATE_FACTOR = 3;

interface Totals {
  loss: number;
  correct: number;
  tokens: number;
}

/** Scratch buffers reused across positions, so a step allocates nothing per token. */
class Scratch {
  readonly features = new Int32Array(MAX_FEATURES);
  readonly grams = new Uint32Array(8);
  readonly h = new Float32Array(DIM);
  readonly p = new Float32Array(VOCAB);
  readonly dh = new Float32Array(DIM);
}

/**
 * One reply through the model: adds -log p of every token (bytes, then END) to totals.loss, counts correct argmax
 * predictions and tokens, and returns the sequence's log-probability. With g, also adds the gradient of
 * `scale * -log p(reply)` (a negative scale pushes the reply down).
 */
function sequence(w: Weights, seg: Segment, s: Scratch, totals: Totals, g?: Gradients, scale = 0): number {
  let logp = 0;
  const U = w.output;
  for (let t = 0; t <= seg.target.length; t++) {
    const y = t < seg.target.length ? seg.target[t]! : END;
    const n = featuresAt(seg.context, seg.target, t, ROWS, s.features, s.grams);
    hidden(w, s.features, n, s.h);
    probabilities(w, s.h, s.p);
    const lp = Math.log(Math.max(s.p[y]!, 1e-30));
    logp += lp;
    totals.loss -= lp;
    if (argmax(s.p) === y) totals.correct++;
    totals.tokens++;
    if (!g) continue;
    backward(U, s.h, s.p, y, scale, s.dh, g.output, g.bias);
    const gE = g.embeddings,
      dh = s.dh;
    for (let f = 0; f < n; f++) {
      const row = s.features[f]!;
      g.touch(row);
      const base = row * DIM;
      for (let d = 0; d < DIM; d++) gE[base + d] += dh[d]!;
    }
  }
  return logp;
}

const newTotals = (): Totals => ({ loss: 0, correct: 0, tokens: 0 });

/** Loss and accuracy of the model on segments, without learning. */
function evaluate(w: Weights, segments: readonly Segment[], s = new Scratch()): Totals {
  const totals = newTotals();
  for (const seg of segments) sequence(w, seg, s, totals);
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
    if (!this.touched[row]) {
      this.touched[row] = 1;
      this.touchedRows.push(row);
    }
  }
  clear(): void {
    for (const r of this.touchedRows) {
      this.touched[r] = 0;
      this.embeddings.fill(0, r * DIM, (r + 1) * DIM);
    }
    this.touchedRows = [];
    this.output.fill(0);
    this.bias.fill(0);
  }
}

/** Output-layer gradient for one position: gU += dz h^T, gb += dz, dh = U^T dz, with dz = (p - onehot(y)) * scale. */
function backward(
  U: Float32Array,
  h: Float32Array,
  p: Float32Array,
  y: number,
  scale: number,
  dh: Float32Array,
  gU: Float32Array,
  gb: Float32Array,
): void {
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
  const totals = newTotals();
  const count = segments.reduce((n, seg) => n + seg.target.length + 1, 0);
  if (count === 0) return totals;
  const scale = 1 / count;
  for (const seg of segments) sequence(w, seg, s, totals, g, scale);
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
  private readonly v = {
    embeddings: new Float32Array(ROWS * DIM),
    output: new Float32Array(VOCAB * DIM),
    bias: new Float32Array(VOCAB),
  };
  private t = 0;

  reset(): void {
    this.m.output.fill(0);
    this.m.bias.fill(0);
    this.v.embeddings.fill(0);
    this.v.output.fill(0);
    this.v.bias.fill(0);
    this.t = 0;
  }

  apply(w: Weights, g: Gradients, lr: number): void {
    this.t++;
    const c1 = 1 - BETA1 ** this.t;
    const c2 = 1 - BETA2 ** this.t;
    adam(w.output, g.output, this.m.output, this.v.output, lr, c1, c2);
    adam(w.bias, g.bias, this.m.bias, this.v.bias, lr, c1, c2);
    const E = w.embeddings,
      G = g.embeddings,
      V = this.v.embeddings;
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

function adam(
  p: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lr: number,
  c1: number,
  c2: number,
): void {
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

/** What a training method contributes to the shared loop: its per-item data, batch gradient and evaluation. */
interface Objective<T> {
  /** Adds the gradient of the batch's mean loss into g (before the update); `tokens` 0 means nothing to learn. */
  train(w: Weights, batch: readonly T[], g: Gradients, s: Scratch): { loss: number; accuracy: number; tokens: number };
  evaluate(w: Weights, items: readonly T[], s: Scratch): { loss: number; accuracy: number };
}

function checkHyperparameters(hp: Hyperparameters, examples: number): void {
  for (const key of ["n_epochs", "batch_size", "learning_rate_multiplier"] as const) {
    const value = hp[key];
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0))
      throw new RangeError(`hyperparameters.${key}: must be a positive number, got ${String(value)}`);
  }
  if (!Number.isInteger(hp.n_epochs) || !Number.isInteger(hp.batch_size))
    throw new RangeError("hyperparameters.n_epochs and batch_size must be integers");
  if (examples === 0) throw new RangeError("training: no examples");
}

/** The weights a job starts from: its base model's, or the seed's fresh ones. */
function startingWeights(o: { seed: number; base?: ModelWeights }): Weights {
  return o.base ? cloneWeights(asWeights(o.base)) : initialWeights(mix(o.seed, 1));
}

/**
 * The loop every method shares: seeded shuffle per epoch, optimiser reset per epoch, linear learning-rate decay,
 * one validation batch per step and the whole validation set at every epoch end, resume from an epoch checkpoint.
 */
function trainingLoop<T>(
  training: readonly T[],
  validation: readonly T[],
  hp: Hyperparameters,
  seed: number,
  start: Weights,
  resume: TrainerOptions["resume"],
  objective: Objective<T>,
  rateFactor = 1,
): Trainer {
  const { n_epochs, batch_size, learning_rate_multiplier } = hp;
  const stepsPerEpoch = Math.ceil(training.length / batch_size);
  const totalSteps = stepsPerEpoch * n_epochs;
  const validBatches = Math.ceil(validation.length / batch_size);

  const weights: Weights = resume ? cloneWeights(asWeights(resume.weights)) : start;
  let epoch = resume ? resume.completedEpochs : 0; // 0-based epoch in progress
  let stepInEpoch = 0;
  let globalStep = resume ? resume.step : 0;
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
        order = permutation(training.length, mulberry32(mix(seed, 2, epoch)));
        optimizer.reset();
      }
      const batch = order.slice(stepInEpoch * batch_size, (stepInEpoch + 1) * batch_size).map((i) => training[i]!);
      grads.clear();
      const t = objective.train(weights, batch, grads, scratch);
      // linear decay to a tenth of the step size over the whole run
      const lr = BASE_LEARNING_RATE * rateFactor * learning_rate_multiplier * (1 - 0.9 * (globalStep / totalSteps));
      if (t.tokens > 0) optimizer.apply(weights, grads, lr);
      globalStep++;
      stepInEpoch++;
      const metrics: StepMetrics = {
        step: globalStep,
        epoch: epoch + 1,
        train_loss: t.loss,
        train_mean_token_accuracy: t.accuracy,
        tokens: t.tokens,
      };
      if (validBatches > 0) {
        const b = (globalStep - 1) % validBatches;
        const v = objective.evaluate(weights, validation.slice(b * batch_size, (b + 1) * batch_size), scratch);
        metrics.valid_loss = v.loss;
        metrics.valid_mean_token_accuracy = v.accuracy;
      }
      if (stepInEpoch === stepsPerEpoch) {
        if (validBatches > 0) {
          const v = objective.evaluate(weights, validation, scratch);
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

/** Supervised fine-tuning: mean cross-entropy over the trained reply tokens of the batch's examples. */
export function createTrainer(o: TrainerOptions): Trainer {
  checkHyperparameters(o.hyperparameters, o.training.length);
  const supervised: Objective<Segment[]> = {
    train: (w, batch, g, s) => {
      const totals = accumulate(w, batch.flat(), g, s);
      return { ...ratio(totals), tokens: totals.tokens };
    },
    evaluate: (w, items, s) => ratio(evaluate(w, items.flat(), s)),
  };
  return trainingLoop(
    o.training.map(segmentsOf),
    (o.validation ?? []).map(segmentsOf),
    o.hyperparameters,
    o.seed,
    startingWeights(o),
    o.resume,
    supervised,
  );
}

// ---- Direct Preference Optimization ----

/** A pair with its reference log-probabilities (the frozen starting weights), computed once. */
interface ScoredPair {
  chosen: Segment;
  rejected: Segment;
  refChosen: number;
  refRejected: number;
}

/** -log(sigmoid(z)), stable for any z. */
function softplusNeg(z: number): number {
  return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Sequence log-probabilities of a pair's two replies under w (reply bytes + END, summed). */
export function pairLogProbs(w: Weights, pair: PairSegments, s = new Scratch()): { chosen: number; rejected: number } {
  const scratchTotals = newTotals();
  return {
    chosen: sequence(w, { context: pair.context, target: pair.chosen }, s, scratchTotals),
    rejected: sequence(w, { context: pair.context, target: pair.rejected }, s, scratchTotals),
  };
}

function scorePairs(reference: Weights, examples: readonly PreferenceExample[], s: Scratch): ScoredPair[] {
  return examples.map(pairOf).map((p) => {
    const ref = pairLogProbs(reference, p, s);
    return {
      chosen: { context: p.context, target: p.chosen },
      rejected: { context: p.context, target: p.rejected },
      refChosen: ref.chosen,
      refRejected: ref.rejected,
    };
  });
}

/**
 * DPO: per pair z = beta * ((log pi(y_w) - log pi_ref(y_w)) - (log pi(y_l) - log pi_ref(y_l))), loss = -log sigmoid(z),
 * averaged over the batch. Its gradient is -beta * sigmoid(-z) * (grad log pi(y_w) - grad log pi(y_l)) / batch: the
 * preferred reply's tokens get the cross-entropy gradient at scale +c, the other's at -c, c = beta * sigmoid(-z) / batch.
 * The reference is the job's starting weights (frozen). Accuracy is the token accuracy on the preferred replies.
 * Steps are DPO_RATE_FACTOR times the supervised size. l2_multiplier adds l2 * w to the gradient of the output layer, its bias and the embedding rows the batch touched.
 */
export function createDpoTrainer(o: DpoTrainerOptions): Trainer {
  const hp = o.hyperparameters;
  checkHyperparameters(hp, o.training.length);
  const { beta, l2_multiplier: l2 } = hp;
  if (!(Number.isFinite(beta) && beta > 0))
    throw new RangeError(`hyperparameters.beta: must be a positive number, got ${String(beta)}`);
  if (!(Number.isFinite(l2) && l2 >= 0))
    throw new RangeError(`hyperparameters.l2_multiplier: must be a non-negative number, got ${String(l2)}`);
  const start = startingWeights(o);
  const s0 = new Scratch();
  const training = scorePairs(start, o.training, s0);
  const validation = scorePairs(start, o.validation ?? [], s0);

  /** Loss terms of a batch under w, without learning; `chosenTotals` collects the preferred replies' accuracy. */
  const forward = (w: Weights, pairs: readonly ScoredPair[], s: Scratch, chosenTotals: Totals) =>
    pairs.map((p) => {
      const lw = sequence(w, p.chosen, s, chosenTotals);
      const ll = sequence(w, p.rejected, s, newTotals());
      return beta * (lw - p.refChosen - (ll - p.refRejected));
    });
  const summary = (zs: number[], chosen: Totals) => ({
    loss: zs.length ? zs.reduce((a, z) => a + softplusNeg(z), 0) / zs.length : 0,
    accuracy: chosen.tokens ? chosen.correct / chosen.tokens : 0,
  });

  const dpo: Objective<ScoredPair> = {
    train: (w, batch, g, s) => {
      // Each reply runs twice: a pair's gradient scale needs its whole-sequence margin z first.
      const chosen = newTotals();
      const zs = forward(w, batch, s, chosen);
      const ignored = newTotals();
      let tokens = 0;
      batch.forEach((p, i) => {
        const c = (beta * sigmoid(-zs[i]!)) / batch.length;
        sequence(w, p.chosen, s, ignored, g, c);
        sequence(w, p.rejected, s, ignored, g, -c);
        tokens += p.chosen.target.length + 1 + p.rejected.target.length + 1;
      });
      if (l2 > 0) addL2(w, g, l2);
      return { ...summary(zs, chosen), tokens };
    },
    evaluate: (w, items, s) => {
      const chosen = newTotals();
      return summary(forward(w, items, s, chosen), chosen);
    },
  };
  return trainingLoop(training, validation, hp, o.seed, start, o.resume, dpo, DPO_RATE_FACTOR);
}

function addL2(w: Weights, g: Gradients, l2: number): void {
  for (let i = 0; i < g.output.length; i++) g.output[i] += l2 * w.output[i]!;
  for (let i = 0; i < g.bias.length; i++) g.bias[i] += l2 * w.bias[i]!;
  for (const r of g.touchedRows)
    for (let i = r * DIM, end = i + DIM; i < end; i++) g.embeddings[i] += l2 * w.embeddings[i]!;
}
