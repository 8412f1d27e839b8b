// The README's Pulumi ESC recipe: `fn::open::azure-login` exports ARM_CLIENT_ID, ARM_TENANT_ID and ARM_OIDC_TOKEN,
// which @azure/identity's DefaultAzureCredential does not read. The program exchanges that token itself.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { escOidcCredential, resolveCredentials } from "../../../foundry/credentials";

// The CommonJS build, as foundry/credentials.ts loads it (lazily, with require): its classes, not the ESM build's.
const { ClientAssertionCredential, DefaultAzureCredential } = createRequire(__filename)(
  "@azure/identity",
) as typeof import("@azure/identity");

const ESC = {
  ARM_CLIENT_ID: "00000000-0000-0000-0000-0000000000c1",
  ARM_TENANT_ID: "00000000-0000-0000-0000-0000000000a1",
  ARM_OIDC_TOKEN: "eyJ.first.token",
};
/** The assertion the credential will send: @azure/identity keeps the callback as `getAssertion`. */
const assertionOf = (credential: unknown) => (credential as { getAssertion: () => Promise<string> }).getAssertion();

describe("Pulumi ESC's azure-login variables", () => {
  it("sign in as a client assertion with the ESC token, read afresh at each exchange", async () => {
    const env: Record<string, string | undefined> = { ...ESC };
    const credential = escOidcCredential(env);
    expect(credential).toBeInstanceOf(ClientAssertionCredential);
    expect(await assertionOf(credential)).toBe("eyJ.first.token");
    env.ARM_OIDC_TOKEN = "eyJ.renewed.token";
    expect(await assertionOf(credential)).toBe("eyJ.renewed.token");
  });

  it("are what the Azure target's control plane and data plane use when no key is set", () => {
    const credentials = resolveCredentials({ kind: "azure" }, { env: { ...ESC } });
    expect(credentials.arm).toBeInstanceOf(ClientAssertionCredential);
    expect(credentials.dataPlane.kind).toBe("bearer");
  });

  it("are ignored when one is missing, or when @azure/identity has its own token file", () => {
    for (const missing of Object.keys(ESC)) {
      expect(escOidcCredential({ ...ESC, [missing]: undefined })).toBeUndefined();
    }
    expect(escOidcCredential({ ...ESC, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" })).toBeUndefined();
    expect(resolveCredentials({ kind: "azure" }, { env: {} }).arm).toBeInstanceOf(DefaultAzureCredential);
  });
});
