import type { AccessToken } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../../foundry/account-lock";
import type { ArmHttpClient } from "../../../foundry/control-plane";
import { connect } from "../../../foundry/index";
import { azureTarget } from "../../../foundry/target";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("KeyedMutex", () => {
  it("runs holders of one key one at a time, in call order", async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      await tick();
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      mutex.run("a", work("1")),
      mutex.run("a", work("2")),
      mutex.run("a", work("3")),
    ]);
    expect(results).toEqual(["1", "2", "3"]);
    expect(events).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
    expect(mutex.size).toBe(0);
  });

  it("lets different keys run side by side", async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
    };
    await Promise.all([mutex.run("a", work("a")), mutex.run("b", work("b"))]);
    expect(events.slice(0, 2).sort()).toEqual(["start a", "start b"]);
  });

  it("releases the key when a holder fails", async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(mutex.run("a", async () => "next")).resolves.toBe("next");
    expect(mutex.size).toBe(0);
  });
});

describe("ARM writes on one account", () => {
  it("never overlap inside the process, while another account is not held up", async () => {
    const inFlight = new Map<string, number>();
    const maxInFlight = new Map<string, number>();
    const httpClient: ArmHttpClient = {
      async sendRequest(request) {
        const account = /accounts\/([^/]+)/.exec(request.url)?.[1] ?? "?";
        const writing = request.method !== "GET";
        if (writing) {
          inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
          maxInFlight.set(account, Math.max(maxInFlight.get(account) ?? 0, inFlight.get(account) ?? 0));
        }
        await tick();
        await tick();
        if (writing) inFlight.set(account, (inFlight.get(account) ?? 1) - 1);
        const name = /deployments\/([^/?]+)/.exec(request.url)?.[1];
        const headers = new Map([["content-type", "application/json"]]);
        return {
          request,
          status: 200,
          headers: {
            get: (k: string) => headers.get(k.toLowerCase()),
            has: (k: string) => headers.has(k.toLowerCase()),
            set() {},
            delete() {},
            toJSON: () => Object.fromEntries(headers),
            [Symbol.iterator]: () => headers.entries(),
          } as never,
          bodyAsText: JSON.stringify({
            name,
            sku: { name: "Standard", capacity: 1 },
            properties: { provisioningState: "Succeeded", model: { name: "m" } },
          }),
        };
      },
    };
    const credential = {
      getToken: async (): Promise<AccessToken> => ({ token: "t", expiresOnTimestamp: Date.now() + 3600_000 }),
    };
    const open = (accountName: string) =>
      connect(azureTarget({ subscriptionId: "s", resourceGroup: "rg", accountName }), {
        credential,
        env: {},
        httpClient,
      }).control;
    const one = open("lock-test-one");
    const two = open("lock-test-two");
    const spec = { model: { name: "m" }, sku: { name: "Standard", capacity: 1 } };
    await Promise.all([
      one.createOrUpdateDeployment("a", spec),
      one.createOrUpdateDeployment("b", spec),
      one.deleteDeployment("c"),
      one.updateDeploymentSku("a", { name: "Standard", capacity: 2 }),
      two.createOrUpdateDeployment("a", spec),
      two.createOrUpdateDeployment("b", spec),
    ]);
    expect(maxInFlight.get("lock-test-one")).toBe(1);
    expect(maxInFlight.get("lock-test-two")).toBe(1);
  });
});
