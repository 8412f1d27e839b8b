// The project's own program on a throwaway stack, against a real local Foundry service started for the test.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";
import { trustCaFile } from "../../foundry/tls";
import { PROGRAM_FILES } from "../../scripts/lib/program-files";
import { createTestStack, type TestStack } from "./harness";

export interface ProjectStack extends TestStack {
  emulator: Emulator;
  apiKey: string;
  /** Rewrites a stack's config file (everything under foundry-finetune:); the main stack by default. */
  setStackConfig(config: Record<string, unknown>, stackName?: string): void;
  /** Admin call to the local service (test controls); never used by the program itself. */
  admin<T>(method: string, route: string, body?: unknown): Promise<T>;
  /** Requests the service answered since `seq`. */
  requestsSince(seq: number): Promise<{ seq: number; method: string; route: string; status: number }[]>;
  lastSeq(): Promise<number>;
  stop(): Promise<void>;
}

export interface ProjectStackOptions {
  config: Record<string, unknown>;
  stackName?: string;
  timeScale?: number;
  env?: Record<string, string>;
  /** Another tree of the program (an earlier release) instead of the project's own files. */
  programDir?: string;
}

export async function createProjectStack(options: ProjectStackOptions): Promise<ProjectStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-e2e-service-"));
  const apiKey = `e2e-${randomBytes(12).toString("hex")}`;
  const emulator = await createEmulator({
    dataDir,
    apiKey,
    timeScale: options.timeScale ?? 0.01,
    log: () => undefined,
  });
  trustCaFile(emulator.caCert);
  const stackName = options.stackName ?? "e2e";
  const t = await createTestStack({
    ...(options.programDir ? { programDir: options.programDir } : { include: PROGRAM_FILES }),
    stackName,
    env: { FOUNDRY_API_KEY: apiKey, FOUNDRY_POLL_MS: "100", ...options.env },
  });
  // Objects go into the stack file as a user writes them (the CLI's `config set` only writes strings).
  const setStackConfig = (config: Record<string, unknown>, name = stackName) => {
    const entries = Object.entries({ local: { dataDir }, ...config }).map(([key, value]) => [
      `foundry-finetune:${key}`,
      value,
    ]);
    writeFileSync(
      path.join(t.workDir, `Pulumi.${name}.yaml`),
      JSON.stringify({ config: Object.fromEntries(entries) }, null, 2),
    );
  };
  setStackConfig(options.config);
  const admin = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${emulator.url}${route}`, {
      method,
      headers: { "api-key": apiKey, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const requestsSince = async (seq: number) =>
    (
      await admin<{ requests: { seq: number; method: string; route: string; status: number }[] }>(
        "GET",
        `/_emulator/requests?since=${seq}`,
      )
    ).requests;
  return {
    ...t,
    setStackConfig,
    emulator,
    apiKey,
    admin,
    requestsSince,
    async lastSeq() {
      const all = await requestsSince(0);
      return all.length ? all[all.length - 1]!.seq : 0;
    },
    async stop() {
      await t.cleanup();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const writes = (requests: { method: string; route: string }[]) =>
  requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && !r.route.startsWith("/_emulator"));
