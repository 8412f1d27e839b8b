// A capacity shortfall never deletes a serving deployment; only the fine-tuned deployment limit makes room.
import { describe, expect, it } from "vitest";
import type { DeploymentState } from "../../../foundry/control-plane";
import { isDeploymentLimit } from "../../../foundry/deployment-room";

const ft = (i: number): DeploymentState => ({ name: `d${i}`, model: { name: `gpt-4.1-mini-2025-04-14.ft-${i}` } });
const base: DeploymentState = { name: "chat", model: { name: "gpt-4o" } };
const full = Array.from({ length: 10 }, (_, i) => ft(i + 1));
const limit = { code: "InsufficientQuota", message: "The account already has 10 fine-tuned deployments, the maximum." };
const capacity = {
  code: "InsufficientQuota",
  message:
    "The specified capacity '1' of account deployment is bigger than available capacity '0' for UsageName 'OpenAI.Standard.gpt-4.1-mini'.",
};

describe("isDeploymentLimit", () => {
  it("is the limit when the account holds 10 fine-tuned (the limit since 2026-02; it was 5) deployments and the error is no capacity shortfall", () => {
    expect(isDeploymentLimit(limit, full)).toBe(true);
    expect(isDeploymentLimit({ ...limit, code: "QuotaExceeded" }, [...full, base])).toBe(true);
  });
  it("is never a capacity shortfall, even on a full account", () => {
    expect(isDeploymentLimit(capacity, full)).toBe(false);
  });
  it("is not the limit below 10 fine-tuned deployments (base-model deployments do not count), nor for other codes", () => {
    expect(isDeploymentLimit(limit, [...full.slice(0, 9), base, base])).toBe(false);
    expect(isDeploymentLimit({ ...limit, code: "InvalidResourceProperties" }, full)).toBe(false);
    expect(isDeploymentLimit(limit, [...full.slice(0, 9), { name: "c", model: { name: "ftchkpt-abc" } }])).toBe(true);
  });
});
