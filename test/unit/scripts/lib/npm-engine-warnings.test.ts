// The first install's engine warnings (scripts/lib/npm-engine-warnings.mjs): exactly the EBADENGINE blocks are
// dropped and their packages counted; every other npm line, warnings included, still reaches the user.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The module is plain JavaScript loaded by path (no declarations), so its shape is written here.
let engineWarningFilter: () => { packages: string[]; line(text: string): string | undefined };
beforeAll(async () => {
  ({ engineWarningFilter } = await import(
    path.resolve(__dirname, "..", "..", "..", "..", "scripts", "lib", "npm-engine-warnings.mjs")
  ));
});

const block = (pkg: string) => [
  "npm warn EBADENGINE Unsupported engine {",
  `npm warn EBADENGINE   package: '${pkg}',`,
  "npm warn EBADENGINE   required: { node: '>=22.0.0' },",
  "npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
  "npm warn EBADENGINE }",
];

function run(lines: string[]) {
  const filter = engineWarningFilter();
  const kept = lines.map((l) => filter.line(l)).filter((l) => l !== undefined);
  return { kept, packages: filter.packages };
}

describe("engine warning filter", () => {
  it("drops every EBADENGINE block and names its package", () => {
    const { kept, packages } = run([
      ...block("vitest@5.1.0"),
      ...block("@azure/identity@4.14.1"),
      "",
      "added 962 packages in 20s",
    ]);
    expect(kept).toEqual(["", "added 962 packages in 20s"]);
    expect(packages).toEqual(["vitest@5.1.0", "@azure/identity@4.14.1"]);
  });

  it("keeps other warnings, before, between and after the blocks", () => {
    const other = "npm warn deprecated inflight@1.0.6: This module is not supported";
    const { kept } = run([other, ...block("a@1"), "npm warn allowScripts x", ...block("b@2"), "npm error code E404"]);
    expect(kept).toEqual([other, "npm warn allowScripts x", "npm error code E404"]);
  });

  it("stops dropping at a line that is not part of the block", () => {
    const { kept } = run(["npm warn EBADENGINE Unsupported engine {", "npm error network down"]);
    expect(kept).toEqual(["npm error network down"]);
  });
});
