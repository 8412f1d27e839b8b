// What a local stack's provider loads to read a deployment (the GET of every unchanged preview): neither
// @azure/identity (only Azure needs it) nor openai's client (only the data plane needs it), each about 0.3 s of
// CPU. Run in a fresh process, since the test runner may have loaded either already.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

/** The node_modules packages a fresh Node process has loaded after running `code` (with `ROOT` defined). */
function loadedAfter(code: string): { identity: boolean; openaiClient: boolean } {
  const script = `const ROOT = ${JSON.stringify(ROOT)}; ${code};
    const files = Object.keys(require.cache);
    process.stdout.write(JSON.stringify({
      identity: files.some((f) => f.includes("@azure/identity")),
      openaiClient: files.some((f) => /openai[\\\\/]client\\.js$/.test(f)),
    }));`;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" }));
}

const local = {
  kind: "local",
  endpoint: "https://127.0.0.1:1/accounts/a",
  armEndpoint: "https://127.0.0.1:1",
  subscriptionId: "s",
  resourceGroup: "g",
  accountName: "a",
};

describe("what a connection loads", () => {
  it("credentials: a local target never loads @azure/identity; an Azure one does", () => {
    const resolve = (kind: string) =>
      `require(ROOT + "/foundry/credentials.ts").resolveCredentials({ kind: "${kind}" }, { apiKey: "k", env: {} })`;
    expect(loadedAfter(resolve("local")).identity).toBe(false);
    expect(loadedAfter(resolve("azure")).identity).toBe(true);
  });

  it("the control plane alone loads neither openai's client nor @azure/identity; the full connection loads the client", () => {
    const target = JSON.stringify(local);
    expect(
      loadedAfter(`require(ROOT + "/foundry/control-connection.ts").connectControlPlane(${target}, { apiKey: "k" })`),
    ).toEqual({ identity: false, openaiClient: false });
    expect(loadedAfter(`require(ROOT + "/foundry/index.ts").connect(${target}, { apiKey: "k" })`).openaiClient).toBe(
      true,
    );
  });
});
