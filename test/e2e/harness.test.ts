import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, createTestStack, projectRoot, type TestStack } from "../../testkit/pulumi/harness";

// Proves the harness: the real CLI, language host and dynamic-provider shim, end to end.
describe("e2e harness (real Pulumi CLI via the Automation API)", () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await createTestStack({
      programDir: path.join(projectRoot, "test", "fixtures", "programs", "echo"),
      config: { message: { value: "hello" } },
    });
  });
  afterAll(async () => t?.cleanup());

  it("up creates the resource and exports its output", async () => {
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 2 });
    expect((await t.stack.outputs()).said.value).toBe("hello");
  });

  it("a second preview reports no changes", async () => {
    const pv = await t.stack.preview();
    expect(changes(pv.changeSummary)).toEqual({});
  });

  it("an in-place input change gives exactly one update", async () => {
    await t.stack.setConfig("loud", { value: "true" });
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 1 });
    expect((await t.stack.outputs()).said.value).toBe("HELLO");
  });

  it("an identity change gives exactly one replace", async () => {
    await t.stack.setConfig("message", { value: "bye" });
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ replace: 1 });
  });

  it("destroy leaves an empty stack", async () => {
    await t.stack.destroy();
    const state = await t.stack.exportStack();
    expect(state.deployment.resources ?? []).toEqual([]);
  });
});
