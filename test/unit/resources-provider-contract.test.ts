// The serialised provider in state is only a loader (resources/provider-shim.ts) that delegates each method to
// the implementation in resources/providers/<kind>.ts. Every method it delegates must exist there, for every
// kind: a refresh of a stack with an Evaluation once failed with `load(...).read is not a function`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DECLARED_OUTPUTS, withDeclaredOutputs } from "../../resources/declared-outputs";
import { delegatingProvider, PROVIDER_NAMES } from "../../resources/provider-shim";

const providersDir = path.resolve(__dirname, "../../resources/providers");

describe("provider contract", () => {
  it("names every module of resources/providers that exports a provider, and nothing else", () => {
    const modules = readdirSync(providersDir)
      .filter((file) => file.endsWith(".ts") && /^export const provider\b/m.test(readFileSync(path.join(providersDir, file), "utf8")))
      .map((file) => file.replace(/\.ts$/, ""));
    expect([...PROVIDER_NAMES].sort()).toEqual(modules.sort());
  });

  for (const kind of PROVIDER_NAMES) {
    it(`${kind}: implements every method the shim delegates`, async () => {
      const { provider } = (await import(path.join(providersDir, `${kind}.ts`))) as { provider: Record<string, unknown> };
      const delegated = Object.keys(delegatingProvider(kind));
      expect(delegated.sort()).toEqual(["check", "create", "delete", "diff", "read", "update"]);
      const missing = delegated.filter((method) => typeof provider[method] !== "function");
      expect(missing).toEqual([]);
    });
  }

  it("declares the outputs of every kind, and fills the absent ones with null (absent reads as unknown in a preview)", () => {
    expect(Object.keys(DECLARED_OUTPUTS).sort()).toEqual([...PROVIDER_NAMES].sort());
    const outs = withDeclaredOutputs("model-deployment", { deploymentName: "clippy-0123abcd", endpoint: undefined });
    expect(outs).toEqual({ deploymentName: "clippy-0123abcd", endpoint: null, provisioningState: null });
    expect(withDeclaredOutputs("training-file", { fileId: "file-1", status: "processed", path: "a.jsonl" })).toEqual({ fileId: "file-1", status: "processed", path: "a.jsonl" });
  });
});
