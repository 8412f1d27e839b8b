// The one walk to an entry's root base model (program/root-base-model.ts), used by the config's checks, the plan
// and the preflight: the same answer for a chain, and no endless walk on a cycle.
import { describe, expect, it } from "vitest";
import type { TrainedModelConfig } from "../../../program/config";
import { acceptedRootBaseModel, rootBaseModel } from "../../../program/root-base-model";

const models = (bases: Record<string, string | { from: string }>) =>
  Object.fromEntries(Object.entries(bases).map(([name, baseModel]) => [name, { baseModel } as TrainedModelConfig]));

describe("rootBaseModel", () => {
  it("follows `from` chains to the model the config names, as spelled", () => {
    const chain = models({ a: "gpt-4.1-mini", b: { from: "a" }, c: { from: "b" }, d: "gpt-4o-mini-2024-07-18.ft-abc" });
    expect(rootBaseModel(chain, "c")).toBe("gpt-4.1-mini");
    expect(rootBaseModel(chain, "a")).toBe("gpt-4.1-mini");
    expect(rootBaseModel(chain, "d")).toBe("gpt-4o-mini-2024-07-18.ft-abc");
  });

  it("answers undefined for a cycle, a self-reference and a missing name", () => {
    const cyclic = models({ a: { from: "b" }, b: { from: "a" }, self: { from: "self" }, dangling: { from: "nobody" } });
    for (const name of ["a", "b", "self", "dangling", "nobody"])
      expect(rootBaseModel(cyclic, name), name).toBeUndefined();
  });
});

describe("acceptedRootBaseModel", () => {
  it("gives the canonical root (a fine-tuned base resolves to its own base)", () => {
    const chain = models({ a: "gpt-4o-mini-2024-07-18.ft-abc", b: { from: "a" } });
    expect(acceptedRootBaseModel(chain, "b")).toBe("gpt-4o-mini-2024-07-18");
  });

  it("refuses a chain the config's checks should have refused, instead of walking forever", () => {
    expect(() => acceptedRootBaseModel(models({ a: { from: "a" } }), "a")).toThrow(/cycle/);
  });
});
