// The house rules as tools (docs/house-rules.md): Biome's linter and formatter and knip's unused-code check
// find nothing.
// Both run on the whole tree in a few seconds, so `npm test` and CI enforce them like any other test.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

function run(tool: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(path.join(BIN, tool), args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("house rules", () => {
  it("biome finds no lint error or warning, and no file the formatter would change", () => {
    const { status, output } = run("biome", ["ci", "--error-on-warnings", "."]);
    expect(status, output).toBe(0);
  });

  it("knip finds no unused file, export, type or dependency", () => {
    const { status, output } = run("knip", []);
    expect(status, output).toBe(0);
  });
});
