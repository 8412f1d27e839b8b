import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

// Pulumi runs the program transpile-only (fast previews), so the type check happens here, once per suite.
it("the whole project type-checks under the strict tsconfig", () => {
  const root = path.resolve(__dirname, "..", "..");
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", root], {
    cwd: root,
    encoding: "utf8",
  });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
}, 300_000);
