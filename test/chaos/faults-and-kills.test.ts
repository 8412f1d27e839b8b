// The short fault campaign, part 1 (npm run chaos runs the long one): the lifecycle through injected 5xx,
// 429 and dropped connections, and `pulumi up` killed with -9 during an upload and during a deployment.
// Each run uses the real CLI, its own state and its own local service process.
import { describe, expect, it } from "vitest";
import { expectGoalsMet, runScenario } from "./campaign";

describe("fault campaign (short): faults on every route, kill -9 of pulumi up", () => {
  it("a: up, edit, up, destroy through 20% 5xx, 10% 429 and 5% dropped connections", async () => {
    expectGoalsMet(await runScenario("a-faults", 1));
  }, 600_000);

  it("b: up killed right after an upload, then cancel + refresh --clear-pending-creates + up: no orphaned file", async () => {
    const result = await runScenario("b-kill-up", 1);
    expect(result.notes[0]).toMatch(/^killed during upload/);
    expectGoalsMet(result);
  }, 600_000);

  it("b: up killed during the deployment, then recovered: one job, one deployment", async () => {
    const result = await runScenario("b-kill-up", 4);
    expect(result.notes[0]).toMatch(/^killed during deployment/);
    expectGoalsMet(result);
  }, 600_000);
});
