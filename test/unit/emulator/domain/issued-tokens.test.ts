// The local service's issued bearer tokens (emulator/domain/issued-tokens.ts): signed with its key, expiring, and
// good only on the surface of their audience.
import { describe, expect, it } from "vitest";
import { audienceFor, audienceOf, issueToken, verifyToken } from "../../../../emulator/domain/issued-tokens";

const NOW = Date.UTC(2026, 0, 1);

describe("issued tokens", () => {
  it("verify with the key that signed them until they expire, carrying the audience asked for", () => {
    const { token, claims } = issueToken("key-1", "https://ai.azure.com/.default", NOW, 60);
    expect(claims).toEqual({ aud: "https://ai.azure.com", exp: NOW / 1000 + 60 });
    expect(verifyToken("key-1", token, NOW + 59_000)).toEqual(claims);
    expect(verifyToken("key-1", token, NOW + 60_000)).toBeUndefined();
    expect(verifyToken("key-2", token, NOW)).toBeUndefined();
  });

  it("refuse a token whose claims were changed, or anything not shaped like one", () => {
    const { token } = issueToken("key-1", "https://ai.azure.com", NOW);
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ aud: "https://management.azure.com", exp: NOW / 1000 + 3600 }),
    ).toString("base64url");
    expect(verifyToken("key-1", `${header}.${forged}.${signature}`, NOW)).toBeUndefined();
    for (const bad of ["key-1", "a.b", "a.b.c", `${header}.e30.${signature}`])
      expect(verifyToken("key-1", bad, NOW)).toBeUndefined();
  });

  it("each surface takes one audience: ARM's, a project's, an account's data plane; the test controls none", () => {
    expect(audienceOf("https://management.azure.com/")).toBe("https://management.azure.com");
    expect(
      audienceFor("/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/deployments"),
    ).toBe("https://management.azure.com");
    expect(audienceFor("/api/projects/p/openai/v1/files")).toBe("https://ai.azure.com");
    expect(audienceFor("/accounts/a/api/projects/p/openai/fine_tuning/jobs")).toBe("https://ai.azure.com");
    expect(audienceFor("/accounts/a/openai/files")).toBe("https://cognitiveservices.azure.com");
    expect(audienceFor("/openai/v1/files")).toBe("https://cognitiveservices.azure.com");
    expect(audienceFor("/_emulator/requests")).toBeUndefined();
  });
});
