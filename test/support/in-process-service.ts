// A real local Foundry service inside the test process (port 0, its own data dir and account), for tests that
// call the providers directly. Registers its own beforeAll/afterAll: call it at the top of a file or describe.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createEmulator, type Emulator } from "../../emulator";
import { type ConnectOptions, connect, type FoundryConnection } from "../../foundry";
import { trustCaFile } from "../../foundry/tls";
import type { TargetInputs } from "../../resources/shared/target-inputs";

export interface InProcessService {
  emulator: Emulator;
  apiKey: string;
  account: string;
  scratch: string;
  dataDir: string;
  /** What the program passes to the resources for this account. */
  target: TargetInputs;
  /** The foundry/ clients for this account, as a provider would make them. */
  clients(options?: ConnectOptions): FoundryConnection;
}

export function inProcessService(scratchPrefix: string, timeScale: number): InProcessService {
  const service = {
    apiKey: `k-${randomBytes(12).toString("hex")}`,
    account: `acct${randomBytes(3).toString("hex")}`,
  } as InProcessService;
  const savedKey = process.env.FOUNDRY_API_KEY;
  service.clients = (options = {}) =>
    connect(
      {
        kind: "local",
        endpoint: `${service.emulator.url}/accounts/${service.account}`,
        armEndpoint: service.emulator.url,
        subscriptionId: "s",
        resourceGroup: "rg",
        accountName: service.account,
        caCertPath: service.emulator.caCert,
      },
      { apiKey: service.apiKey, ...options },
    );

  beforeAll(async () => {
    service.scratch = mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
    service.dataDir = path.join(service.scratch, "service");
    service.emulator = await createEmulator({
      dataDir: service.dataDir,
      apiKey: service.apiKey,
      timeScale,
      log: () => undefined,
    });
    trustCaFile(service.emulator.caCert);
    process.env.FOUNDRY_API_KEY = service.apiKey;
    service.target = {
      kind: "local",
      accountName: service.account,
      subscriptionId: "s",
      resourceGroup: "rg",
      localDataDir: service.dataDir,
      localPort: 0,
    };
  });
  afterAll(async () => {
    if (savedKey === undefined) delete process.env.FOUNDRY_API_KEY;
    else process.env.FOUNDRY_API_KEY = savedKey;
    await service.emulator?.close();
    if (service.scratch) rmSync(service.scratch, { recursive: true, force: true });
  });
  return service;
}
