// Drives the real Pulumi CLI (the installed or built one scripts/toolchain.mjs chooses) through the Automation API on a throwaway
// stack: its own temp project folder, state backend and PULUMI_HOME, all removed by cleanup().
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type ConfigMap, LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { scratchPulumiEnv } from "../../scripts/lib/scratch-pulumi-env";

export const projectRoot = path.resolve(__dirname, "..", "..");

export interface TestStackOptions {
  /** Folder holding Pulumi.yaml and the program; copied so stack files never land in the repo. */
  programDir?: string;
  /** Extra entries (relative to projectRoot) to copy beside the program, e.g. "resources". */
  include?: string[];
  stackName?: string;
  config?: ConfigMap;
  env?: Record<string, string>;
  /**
   * The program installs its own dependencies (a package from a tarball): no link to this project's
   * node_modules, and its own tsconfig.json kept.
   */
  ownDependencies?: boolean;
  /** The program is Pulumi YAML: put the YAML language host (built on first use) on PATH. */
  yaml?: boolean;
}

export interface TestStack {
  stack: Stack;
  workDir: string;
  env: Record<string, string>;
  /** The CLI binary, for commands the Automation API does not wrap; run it with `env` and PULUMI_HOME = `pulumiHome`. */
  pulumi: string;
  pulumiHome: string;
  /** Another stack of the same project, sharing the workspace and state backend (for promotion). */
  openStack(stackName: string): Promise<Stack>;
  cleanup(): Promise<void>;
}

// The same module npm start uses, so tests run the CLI the user gets.
const toolchain = () => import(path.join(projectRoot, "scripts", "toolchain.mjs"));

async function toolchainBin(): Promise<string> {
  return (await toolchain()).ensureToolchain().bin;
}

/** PulumiCommand.get wants <root>/bin/pulumi; an installed CLI may live in a folder not named bin. */
function cliRoot(bin: string, scratch: string): string {
  if (path.basename(bin) === "bin") return path.dirname(bin);
  mkdirSync(path.join(scratch, "cli"), { recursive: true });
  symlinkSync(bin, path.join(scratch, "cli", "bin"), "dir");
  return path.join(scratch, "cli");
}

export async function createTestStack(options: TestStackOptions): Promise<TestStack> {
  const bin = await toolchainBin();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "foundry-e2e-"));
  const workDir = path.join(scratch, "project");
  // What running the program in place leaves behind (its installed modules, local state) is not the program.
  const local = new Set(["node_modules", ".pulumi", ".foundry-local", ".cache"]);
  if (options.programDir)
    cpSync(options.programDir, workDir, { recursive: true, filter: (src) => !local.has(path.basename(src)) });
  for (const entry of options.include ?? []) {
    cpSync(path.join(projectRoot, entry), path.join(workDir, entry), { recursive: true });
  }
  if (!options.ownDependencies)
    symlinkSync(path.join(projectRoot, "node_modules"), path.join(workDir, "node_modules"), "dir");

  // The Automation API adds these to the inherited environment; PULUMI_HOME is its pulumiHome option below.
  const env: Record<string, string> = { ...(await scratchPulumiEnv(bin, scratch, "e2e-only")), ...options.env };
  if (options.yaml) env.PATH = `${(await toolchain()).ensureYamlHost(bin)}${path.delimiter}${env.PATH}`;
  if (!options.ownDependencies) cpSync(path.join(projectRoot, "tsconfig.json"), path.join(workDir, "tsconfig.json"));
  const pulumiCommand = await PulumiCommand.get({ root: cliRoot(bin, scratch) });
  const openStack = (stackName: string) =>
    LocalWorkspace.createOrSelectStack(
      { stackName, workDir },
      { pulumiCommand, pulumiHome: path.join(scratch, "home"), envVars: env },
    );
  const stack = await openStack(options.stackName ?? "e2e");
  if (options.config) await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    env,
    pulumi: path.join(bin, "pulumi"),
    pulumiHome: path.join(scratch, "home"),
    openStack,
    async cleanup() {
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Counts of the change summary, without the "same" entries. */
export function changes(summary: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(summary ?? {})) if (op !== "same" && n > 0) out[op] = n;
  return out;
}
