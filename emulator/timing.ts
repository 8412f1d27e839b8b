// Artificial delays (queueing, processing, provisioning, step pacing) are base durations multiplied by a time
// scale that tests can turn down and the admin route can change while running.

const BASE_DELAYS_MS = {
  fileProcessing: 500,
  jobQueue: 1000,
  resume: 500,
  stepPacing: 100,
  provisioning: 2000,
  /** After a deployment first succeeds, inference still answers DeploymentNotFound this long (strict mode). */
  inferenceWarmup: 5000,
};
export type DelayName = keyof typeof BASE_DELAYS_MS;

export class Timing {
  constructor(public scale = 1) {}

  ms(name: DelayName): number {
    return BASE_DELAYS_MS[name] * this.scale;
  }
  /**
   * Scaled real-world duration (used for the 15-day and 24-hour deployment lifetimes). Time scale 0 means
   * "no artificial waiting", not "everything expires at once", so lifetimes are then infinite.
   */
  scaled(ms: number): number {
    return this.scale > 0 ? ms * this.scale : Number.POSITIVE_INFINITY;
  }
  wait(name: DelayName): Promise<void> {
    const ms = this.ms(name);
    return new Promise((resolve) => (ms >= 1 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  }
}
