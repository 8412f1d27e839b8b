// Every kind's provider goes through hostedProvider (resources/provider-runtime/hosted-provider.ts): clean errors,
// and the engine watch started by the first call, not by importing the provider.
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../../../resources/provider-runtime/errors";
import { hostedProvider, recordedState, vanished } from "../../../../resources/provider-runtime/hosted-provider";

describe("hostedProvider", () => {
  it("starts the watch on the first call only, and never by being built", async () => {
    let watches = 0;
    const provider = hostedProvider<{ a: number }, { a: number }>(
      {
        async create(inputs) {
          return { id: "x", outs: inputs };
        },
        async check(_olds, news) {
          return { inputs: news };
        },
      },
      () => watches++,
    );
    expect(watches).toBe(0);
    expect(await provider.create({ a: 1 })).toEqual({ id: "x", outs: { a: 1 } });
    await provider.check!({ a: 1 }, { a: 2 });
    expect(watches).toBe(1);
  });

  it("drops the stack of an expected failure and keeps the message", async () => {
    const provider = hostedProvider(
      {
        async create(): Promise<never> {
          throw new ProviderError("the key is wrong");
        },
      },
      () => undefined,
    );
    const error = await provider.create({}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe("the key is wrong");
    expect((error as Error).stack).toBe("");
  });
});

describe("read's helpers", () => {
  it("answers a vanished object with the empty id the engine drops from state", () => {
    expect(vanished()).toEqual({ id: "", props: {} });
  });

  it("refuses a read without the recorded state rather than guessing", () => {
    expect(recordedState({ a: 1 })).toEqual({ a: 1 });
    expect(() => recordedState(undefined)).toThrow(/recorded state/);
  });
});
