// One throwaway copy of the project for a campaign run: the program files, a file state backend, its own
// PULUMI_HOME, a stack whose config points at a local service started for the run. All under one temp dir.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROGRAM_FILES } from "../lib/program-files";
import { scratchPulumiEnv } from "../lib/scratch-pulumi-env";
import { type CliOptions, type CliRun, runCli } from "./pulumi-cli";
import { projectRoot, type ServiceProcess, startService } from "./service";

const STACK = "chaos";
export const ACCOUNT = { name: "chaos", subscriptionId: "sub-chaos", resourceGroup: "rg-chaos" };

export interface Sandbox {
  workDir: string;
  dataDir: string;
  apiKey: string;
  env: Record<string, string>;
  service: ServiceProcess;
  /** Writes Pulumi.chaos.yaml with these models (plus the account and the service's data dir). */
  setModels(models: Record<string, unknown>): void;
  /** Runs the CLI on the stack; `env` entries override the sandbox's (undefined removes one). */
  pulumi(
    args: string[],
    options?: Omit<Partial<CliOptions>, "env"> & { env?: Record<string, string | undefined> },
  ): Promise<CliRun>;
  cleanup(): Promise<void>;
}

async function toolchainBin(): Promise<string> {
  const toolchain = await import(path.join(projectRoot, "scripts", "toolchain.mjs"));
  return toolchain.ensureToolchain().bin as string;
}

let cachedBin: Promise<string> | undefined;

export async function createSandbox(options: { timeScale?: number } = {}): Promise<Sandbox> {
  const bin = await (cachedBin ??= toolchainBin());
  const scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-chaos-"));
  const workDir = path.join(scratch, "project");
  const dataDir = path.join(scratch, "service");
  for (const entry of PROGRAM_FILES)
    cpSync(path.join(projectRoot, entry), path.join(workDir, entry), { recursive: true });
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(workDir, "node_modules"), "dir");
  const apiKey = `chaos-${randomBytes(16).toString("hex")}`;
  const service = await startService({ dataDir, apiKey, timeScale: options.timeScale ?? 0.01 });
  // The CLI is spawned directly, so the sandbox passes the whole environment: the user's, without any PULUMI_
  // setting or key of theirs, then the throwaway stack's, its own PULUMI_HOME and the run's service.
  const env: Record<string, string> = {
    ...(Object.fromEntries(
      Object.entries(process.env).filter(
        ([k, v]) => v !== undefined && !k.startsWith("PULUMI_") && k !== "FOUNDRY_API_KEY",
      ),
    ) as Record<string, string>),
    ...(await scratchPulumiEnv(bin, scratch, "chaos-only")),
    PULUMI_HOME: path.join(scratch, "home"),
    FOUNDRY_API_KEY: apiKey,
    FOUNDRY_POLL_MS: "100",
  };
  const pulumiBin = path.join(bin, "pulumi");
  const sandbox: Sandbox = {
    workDir,
    dataDir,
    apiKey,
    env,
    service,
    setModels(models) {
      const config = {
        "foundry-finetune:account": ACCOUNT,
        "foundry-finetune:local": { dataDir },
        "foundry-finetune:models": models,
      };
      writeFileSync(path.join(workDir, `Pulumi.${STACK}.yaml`), JSON.stringify({ config }, null, 2));
    },
    pulumi(args, extra = {}) {
      const merged = { ...env, ...extra.env };
      const cleanEnv = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      const { env: _ignored, ...rest } = extra;
      return runCli(pulumiBin, [...args, "--non-interactive", "--stack", STACK], {
        ...rest,
        cwd: workDir,
        env: cleanEnv,
      });
    },
    async cleanup() {
      await service.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  const init = await runCli(pulumiBin, ["stack", "init", STACK, "--non-interactive"], { cwd: workDir, env });
  if (init.code !== 0) throw new Error(`pulumi stack init failed: ${init.output}`);
  return sandbox;
}
