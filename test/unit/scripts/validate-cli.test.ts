// `npm run validate`: findings as file:line: severity rule: message, a summary, exit 1 on errors.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..", "..");
const TSX_CLI = createRequire(__filename).resolve("tsx/cli");
const fixture = (name: string) => join("test", "fixtures", "datasets", name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX_CLI, "scripts/validate.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("validate CLI", () => {
  it("prints each error with file, line and rule, and exits 1", () => {
    const r = run(fixture("tool.result_link.bad.jsonl"));
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${fixture("tool.result_link.bad.jsonl")}:3: error tool.result_link: messages[3] tool_call_id "call_9"`,
    );
    expect(r.out).toMatch(/1 file\(s\): 1 errors, 0 warnings/);
  });

  it("exits 0 on clean files and prints stats and the estimate", () => {
    const r = run(fixture("tool.result_link.good.jsonl"), fixture("msg.weight_value.good.jsonl"), "--epochs", "2");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /100 examples, \d+ bytes, tokens\/example min \d+ mean [\d.]+ max \d+, 0 over 65536; 0 errors/,
    );
    expect(r.out).toMatch(/billed tokens, est\. \$\d+\.\d\d/);
    expect(r.out).toMatch(/2 file\(s\): 0 errors, 0 warnings/);
  });

  it("honours --method and --model", () => {
    expect(run(fixture("dpo.keys.good.jsonl"), "--method", "dpo").code).toBe(0);
    const r = run(fixture("dpo.keys.good.jsonl"), "--method", "dpo", "--model", "gpt-4o-mini");
    expect(r.code).toBe(1);
    expect(r.out).toContain(":0: error dpo.model:");
  });

  it("does not fail on warnings", () => {
    const r = run(fixture("file.min_examples.good.jsonl"));
    expect(r.out).toContain(":0: warning file.min_examples:");
    expect(r.code).toBe(0);
  });

  it("exits 2 on bad usage and 1 on a missing file", () => {
    expect(run().code).toBe(2);
    expect(run(fixture("x.jsonl"), "--method", "rlhf").code).toBe(2);
    const missing = run(fixture("does-not-exist.jsonl"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("does-not-exist.jsonl: cannot read");
  });
});
