// The serialised provider in state is only a loader (resources/shared/provider-shim.ts) that delegates each method to
// the implementation in resources/<kind>/provider.ts. Every method it delegates must exist there, for every
// kind: a refresh of a stack with an Evaluation once failed with `load(...).read is not a function`. State
// written before the per-kind folders loads resources/providers/<kind>.ts: each must forward to the same object.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DECLARED_OUTPUTS, withDeclaredOutputs } from "../../../../resources/shared/declared-outputs";
import { delegatingProvider, PROVIDER_NAMES } from "../../../../resources/shared/provider-shim";

const resourcesDir = path.resolve(__dirname, "../../../../resources");
const forwardersDir = path.join(resourcesDir, "providers");

describe("provider contract", () => {
  it("names every folder of resources/ whose provider.ts exports a provider, and nothing else", () => {
    const kinds = readdirSync(resourcesDir).filter((dir) => {
      const file = path.join(resourcesDir, dir, "provider.ts");
      return existsSync(file) && /^export const provider\b/m.test(readFileSync(file, "utf8"));
    });
    expect([...PROVIDER_NAMES].sort()).toEqual(kinds.sort());
  });

  it("keeps a forwarder at the path older state loads, for every kind and nothing else", async () => {
    expect(
      readdirSync(forwardersDir)
        .map((file) => file.replace(/\.ts$/, ""))
        .sort(),
    ).toEqual([...PROVIDER_NAMES].sort());
    for (const kind of PROVIDER_NAMES) {
      const forwarded = ((await import(path.join(forwardersDir, `${kind}.ts`))) as { provider: unknown }).provider;
      const current = ((await import(path.join(resourcesDir, kind, "provider.ts"))) as { provider: unknown }).provider;
      expect(forwarded).toBe(current);
    }
  });

  for (const kind of PROVIDER_NAMES) {
    it(`${kind}: implements every method the shim delegates`, async () => {
      const { provider } = (await import(path.join(resourcesDir, kind, "provider.ts"))) as {
        provider: Record<string, unknown>;
      };
      const delegated = Object.keys(delegatingProvider(kind));
      expect(delegated.sort()).toEqual(["check", "create", "delete", "diff", "read", "update"]);
      const missing = delegated.filter((method) => typeof provider[method] !== "function");
      expect(missing).toEqual([]);
    });
  }

  it("declares the outputs of every kind, and fills the absent ones with null (absent reads as unknown in a preview)", () => {
    expect(Object.keys(DECLARED_OUTPUTS).sort()).toEqual([...PROVIDER_NAMES].sort());
    const outs = withDeclaredOutputs("model-deployment", { deploymentName: "clippy-0123abcd", endpoint: undefined });
    expect(outs).toEqual({
      deploymentName: "clippy-0123abcd",
      endpoint: null,
      provisioningState: null,
      challengeOutcome: null,
    });
    expect(withDeclaredOutputs("training-file", { fileId: "file-1", status: "processed", path: "a.jsonl" })).toEqual({
      fileId: "file-1",
      status: "processed",
      path: "a.jsonl",
    });
  });
});
