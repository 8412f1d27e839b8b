// Bad data and bad config stop the preview with file:line:rule (or the config key), and nothing reaches the service.
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

interface FixtureCase {
  rule: string;
  line: number;
  bad: { file: string };
}
const manifest = JSON.parse(readFileSync(path.join(projectRoot, "test/fixtures/datasets/manifest.json"), "utf8")) as {
  cases: FixtureCase[];
};
const fixture = (rule: string) => manifest.cases.find((c) => c.rule === rule)!;

const model = (trainingFile: string, extra: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile,
  method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
  deployment: { name: "bad" },
  ...extra,
});

describe("bad input fails the preview and changes nothing", () => {
  let t: ProjectStack;
  beforeAll(async () => {
    t = await createProjectStack({
      config: { account: { name: "bad" }, models: { bad: model("datasets/bad.jsonl") } },
    });
  });
  afterAll(async () => t?.stop());

  for (const rule of ["msg.weight_value", "ex.missing_assistant"]) {
    it(`a dataset breaking ${rule} fails with file:line: rule, and the service receives no request`, async () => {
      const c = fixture(rule);
      copyFileSync(
        path.join(projectRoot, "test/fixtures/datasets", c.bad.file),
        path.join(t.workDir, "datasets/bad.jsonl"),
      );
      const before = await t.lastSeq();
      let failure = "";
      await t.stack.preview().catch((error: Error) => (failure = error.message));
      expect(failure).toMatch(new RegExp(`datasets/bad\\.jsonl:${c.line}: error ${rule.replace(".", "\\.")}:`));
      expect(failure).toContain("nothing was uploaded");
      expect(failure).not.toMatch(/\n\s+at .*\.ts:\d+/); // a message, not a stack trace
      const up = await t.stack.up().catch((error: Error) => error);
      expect(up).toBeInstanceOf(Error);
      // (The test's own admin calls under /_emulator are in the log too; nothing else may be.)
      expect((await t.requestsSince(before)).filter((r) => !r.route.startsWith("/_emulator"))).toEqual([]);
    });
  }

  it("a bad config value names the key and the rule", async () => {
    t.setStackConfig({
      account: { name: "bad" },
      models: { bad: model("datasets/clippy/train.jsonl", { suffix: "has space", seed: -1 }) },
    });
    let failure = "";
    await t.stack.preview().catch((error: Error) => (failure = error.message));
    expect(failure).toContain(
      "foundry-finetune:models.bad.suffix: must be 1-40 characters of letters, digits, '_' or '-'",
    );
    expect(failure).toMatch(/foundry-finetune:models\.bad\.seed: /);
  });
});
