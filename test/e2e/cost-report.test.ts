// The whole bill in the PR report of the shipped stacks, through the real CLI: training and a month of hosting
// before dev's first up, hosting alone for prod's promotion, and the monthly figure in the stack outputs and the
// after-up report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePreviewJson } from "../../pr-report/preview-json";
import { renderReport } from "../../pr-report/preview-report";
import { afterUpModels, renderAfterUpReport } from "../../pr-report/quality-report";
import { previewJson, shippedConfig } from "../../testkit/catalogue/run";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

describe("the PR report of the shipped stacks shows training and monthly hosting cost", () => {
  let t: ProjectStack;
  // As `npm run preview:report` does: the preview, and the stack's outputs for what the preview does not list.
  const report = async (stack: string) => {
    const steps = await previewJson(t, stack);
    expect(steps, `preview of ${stack} failed`).toBeDefined();
    const preview = parsePreviewJson({ steps }, stack);
    const outputs = Object.fromEntries(
      Object.entries(await (stack === "dev" ? t.stack : await t.openStack(stack)).outputs()).map(([k, v]) => [
        k,
        v.value,
      ]),
    );
    return renderReport([preview.outputs ? preview : { ...preview, outputs }]);
  };

  beforeAll(async () => {
    t = await createProjectStack({ stackName: "dev", config: shippedConfig("dev") });
    await t.openStack("prod");
    t.setStackConfig(shippedConfig("prod"), "prod");
  });
  afterAll(async () => t?.stop());

  it("dev before its first up: the training estimate and the new deployment's $1,241.00 a month", async () => {
    const text = await report("dev");
    expect(text).toMatch(
      /\*\*Estimated training cost: \$0\.\d\d\*\* · \*\*hosting \$1,241\.00\/month \(\+\$1,241\.00\/month\)\*\*/,
    );
    expect(text).toMatch(
      /\| clippy \| create \| Standard \| 1 \| new fine-tuned model \| \$1,241\.00\/month \(\+\$1,241\.00\/month\) \|/,
    );
  });

  it("after dev's up: the stack outputs carry the monthly figure, and so does the after-up report", async () => {
    await t.stack.up();
    const outputs = await t.stack.outputs();
    const clippy = (outputs.models!.value as Record<string, { deployment: { hosting: Record<string, unknown> } }>)
      .clippy!;
    expect(clippy.deployment.hosting).toMatchObject({
      baseModel: "gpt-4.1-mini-2025-04-14",
      perHourUsd: 1.7,
      perMonthUsd: 1241,
    });
    const plain = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    expect(renderAfterUpReport("dev", afterUpModels(plain))).toContain(
      "| hosting (730 h a month) | $1,241.00/month ($1.70/h) |",
    );
    // Nothing changes, and the preview lists nothing: the deployment's hosting still shows, from the outputs.
    expect(await report("dev")).toMatch(/No changes \(\d+ resources? unchanged\); hosting \$1,241\.00\/month\./);
  });

  it("prod's promotion trains nothing and adds a month of hosting", async () => {
    const text = await report("prod");
    expect(text).toMatch(
      /\*\*Estimated training cost: \$0\.00\*\* · \*\*hosting \$1,241\.00\/month \(\+\$1,241\.00\/month\)\*\*/,
    );
  });
});
