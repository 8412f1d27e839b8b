// A mutation step: a name and the parameters fast-check drew for it. The parameters are plain data, so fast-check
// shrinks them (indices towards 0, choices towards the first); a counterexample prints as `name(params)`.
import fc from "fast-check";

export interface Step<T> {
  apply(value: T): T;
}

export function step<T, P>(name: string, params: fc.Arbitrary<P>, apply: (value: T, p: P) => T): fc.Arbitrary<Step<T>> {
  return params.map((p) => {
    const label =
      p !== null && typeof p === "object" && Object.keys(p).length === 0 ? name : `${name}(${fc.stringify(p)})`;
    return { apply: (value: T) => apply(value, p), [fc.toStringMethod]: () => label };
  });
}

/** An arbitrary per named parameter. */
export type Params<P> = { [K in keyof P]: fc.Arbitrary<P[K]> };

/** Named parameters (printed without fast-check's null prototype). */
export const args = <P extends object>(model: Params<P>) =>
  fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<P>;

/** A step without parameters. */
export const fixed = <T>(name: string, apply: (value: T) => T) => step<T, object>(name, fc.constant({}), apply);

/** The item at a drawn index, wrapping round: the index is drawn before the list it picks from exists. */
export const nth = <T>(items: readonly T[], i: number): T | undefined => items[i % Math.max(1, items.length)];

/** What a case applied, one `name(params)` per step, for reports. */
export const describeSteps = (steps: readonly Step<unknown>[]) => steps.map((s) => fc.stringify(s));
