// Typed access, for the TypeScript callers (e2e harness, chaos sandbox, preview benchmark), to the throwaway
// stack environment of pulumi-env.mjs: plain JavaScript, since `node scripts/pulumi.mjs` loads it without tsx.
import path from "node:path";

/** See scratchPulumiEnv in pulumi-env.mjs: the CLI settings plus a file backend in `<scratch>/state`. */
export async function scratchPulumiEnv(
  toolchainBin: string,
  scratch: string,
  passphrase: string,
): Promise<Record<string, string>> {
  const env: { scratchPulumiEnv(bin: string, scratch: string, passphrase: string): Record<string, string> } =
    await import(path.join(__dirname, "pulumi-env.mjs"));
  return env.scratchPulumiEnv(toolchainBin, scratch, passphrase);
}
