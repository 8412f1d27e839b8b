// @azure/identity is loaded only for Azure: a local stack's provider process connects (the deployment's GET in
// every preview) without paying for it. Run in a fresh process, since the test runner may have loaded it already.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

/** Whether resolving credentials for `kind` loaded @azure/identity, in a fresh Node process. */
function loadsIdentity(kind: "local" | "azure"): boolean {
  const script = `
    const { resolveCredentials } = require(${JSON.stringify(path.join(ROOT, "foundry", "credentials.ts"))});
    resolveCredentials({ kind: ${JSON.stringify(kind)} }, { apiKey: "k", env: {} });
    process.stdout.write(String(Object.keys(require.cache).some((f) => f.includes("@azure/identity"))));`;
  return execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" }) === "true";
}

describe("loading credentials", () => {
  it("a local target never loads @azure/identity; an Azure one does", () => {
    expect(loadsIdentity("local")).toBe(false);
    expect(loadsIdentity("azure")).toBe(true);
  });
});
