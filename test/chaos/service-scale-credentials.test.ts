// The short fault campaign, part 2: the local service killed with -9 mid-job and restarted on its data dir,
// five deployments on one account retrained in one up, and a destroy with a rotated key that must fail
// clearly, change nothing, and succeed with the right key.
import { describe, it } from "vitest";
import { expectGoalsMet, runScenario } from "./campaign";

describe("fault campaign (short): service crash, five deployments, credentials", () => {
  it("c: the local service killed mid-job and restarted; up converges without a second job", async () => {
    expectGoalsMet(await runScenario("c-kill-service", 1));
  }, 600_000);

  it("d: five deployments on one account, all retrained in one up", async () => {
    expectGoalsMet(await runScenario("d-five-deployments", 2));
  }, 600_000);

  it("e: destroy with a rotated FOUNDRY_API_KEY fails clearly and keeps the state; the right key destroys", async () => {
    expectGoalsMet(await runScenario("e-credentials", 2));
  }, 600_000);
});
