import type { AccessToken } from "@azure/identity";
import { APIConnectionError, BadRequestError } from "openai";
import { describe, expect, it } from "vitest";
import { resolveCredentials } from "../../../foundry/credentials";
import { FoundryError, toFoundryError, undefinedIfNotFound } from "../../../foundry/errors";
import { accountKey, azureTarget, type FoundryTarget, resolveTarget } from "../../../foundry/target";

const local: FoundryTarget = {
  kind: "local",
  endpoint: "https://127.0.0.1:8443/accounts/dev/",
  armEndpoint: "https://127.0.0.1:8443/",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "local",
  accountName: "dev",
};

describe("resolveTarget", () => {
  it("fills in the default api-versions and form, and strips trailing slashes", () => {
    expect(resolveTarget(local)).toEqual({
      ...local,
      endpoint: "https://127.0.0.1:8443/accounts/dev",
      armEndpoint: "https://127.0.0.1:8443",
      apiVersion: "2025-04-01-preview",
      armApiVersion: "2024-10-01",
      dataPlaneForm: "dated",
    });
  });

  it("builds Azure's public endpoints from account coordinates", () => {
    expect(resolveTarget(azureTarget({ subscriptionId: "s", resourceGroup: "rg", accountName: "acct" }))).toMatchObject(
      {
        kind: "azure",
        endpoint: "https://acct.openai.azure.com",
        armEndpoint: "https://management.azure.com",
      },
    );
  });

  it("names every bad key", () => {
    const bad = {
      ...local,
      kind: "azure",
      endpoint: "http://acct.openai.azure.com",
      accountName: "",
      caCertPath: "ca.pem",
    } as FoundryTarget;
    expect(() => resolveTarget(bad)).toThrow(
      /accountName: required[\s\S]*endpoint: an Azure target must use https[\s\S]*caCertPath: only local targets/,
    );
    expect(() => resolveTarget({ ...local, armEndpoint: "not a url" })).toThrow(/armEndpoint: not an http\(s\) URL/);
  });

  it("keys accounts case-insensitively, one key per account", () => {
    const a = accountKey({ ...local, accountName: "Dev" });
    expect(a).toBe(accountKey(local));
    expect(a).not.toBe(accountKey({ ...local, accountName: "prod" }));
  });
});

describe("resolveCredentials", () => {
  const fakeCredential = {
    getToken: async (): Promise<AccessToken> => ({ token: "entra", expiresOnTimestamp: Date.now() + 60_000 }),
  };

  it("local: the key from FOUNDRY_API_KEY for both planes", async () => {
    const credentials = resolveCredentials({ kind: "local" }, { env: { FOUNDRY_API_KEY: "local-key" } });
    expect(credentials.dataPlane).toEqual({ kind: "api-key", apiKey: "local-key" });
    expect((await credentials.arm.getToken("https://management.azure.com/.default"))?.token).toBe("local-key");
  });

  it("local: an explicit key wins; none at all is a clear error", () => {
    expect(
      resolveCredentials({ kind: "local" }, { apiKey: "given", env: { FOUNDRY_API_KEY: "env" } }).dataPlane,
    ).toEqual({ kind: "api-key", apiKey: "given" });
    expect(() => resolveCredentials({ kind: "local" }, { env: {} })).toThrow(/FOUNDRY_API_KEY/);
  });

  it("azure: bearer tokens for the data plane unless AZURE_OPENAI_API_KEY is set", async () => {
    const entra = resolveCredentials({ kind: "azure" }, { credential: fakeCredential, env: {} });
    expect(entra.dataPlane.kind).toBe("bearer");
    if (entra.dataPlane.kind === "bearer") expect(await entra.dataPlane.getToken()).toBe("entra");
    expect(entra.arm).toBe(fakeCredential);
    const keyed = resolveCredentials(
      { kind: "azure" },
      { credential: fakeCredential, env: { AZURE_OPENAI_API_KEY: "k" } },
    );
    expect(keyed.dataPlane).toEqual({ kind: "api-key", apiKey: "k" });
  });
});

describe("toFoundryError", () => {
  it("keeps the service's message, code, status and request id from openai errors", () => {
    const headers = new Headers({ "apim-request-id": "req-1" });
    const error = toFoundryError(
      new BadRequestError(
        400,
        { code: "invalidPayload", message: "Training file has 3 examples; at least 10 are required." },
        undefined,
        headers,
      ),
    );
    expect(error).toMatchObject({
      status: 400,
      code: "invalidPayload",
      requestId: "req-1",
      retryable: false,
      message: "Training file has 3 examples; at least 10 are required.",
    });
  });

  it("finds the socket code under openai's connection error", () => {
    const cause = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const error = toFoundryError(new APIConnectionError({ cause }));
    expect(error).toMatchObject({ code: "UND_ERR_SOCKET", retryable: true });
    expect(error.status).toBeUndefined();
  });

  it("reads Azure RestErrors (ARM envelope already parsed by the SDK)", () => {
    const restError = Object.assign(new Error("Another operation is being performed on the parent resource."), {
      name: "RestError",
      statusCode: 409,
      code: "RequestConflict",
      response: { headers: { get: (name: string) => ({ "x-ms-request-id": "arm-1", "retry-after": "5" })[name] } },
    });
    expect(toFoundryError(restError)).toMatchObject({
      status: 409,
      code: "RequestConflict",
      requestId: "arm-1",
      retryAfterMs: 5_000,
      retryable: true,
    });
  });

  it("undefinedIfNotFound turns only 404s into undefined", async () => {
    await expect(
      undefinedIfNotFound(Promise.reject(new FoundryError({ message: "gone", status: 404 }))),
    ).resolves.toBeUndefined();
    await expect(
      undefinedIfNotFound(Promise.reject(new FoundryError({ message: "no", status: 403 }))),
    ).rejects.toMatchObject({ status: 403 });
  });
});
