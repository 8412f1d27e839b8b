// The doctor's bill of fine-tuned deployments (scripts/doctor/hosting.ts): what it says where traffic cannot be
// read (Azure: Azure Monitor metrics, out of this tool's reach), and that only fine-tuned deployments count.
import { describe, expect, it } from "vitest";
import { type HostingInput, hostingRows } from "../../../../scripts/doctor/hosting";

const input = (over: Partial<HostingInput> = {}): HostingInput => ({
  deployments: [
    { name: "clippy-0123abcd", model: "gpt-4.1-mini-2025-04-14.ft-abc-clippy", sku: "Standard", capacity: 1 },
    { name: "base-chat", model: "gpt-4.1-mini", sku: "GlobalStandard", capacity: 10 },
  ],
  deploymentsEvidence: "GET .../deployments (Deployments_List): 200",
  declared: ["clippy"],
  stacks: ["dev"],
  usage: {
    ok: false,
    why: "Azure reports a deployment's traffic only in Azure Monitor metrics, which this tool does not read",
  },
  idleDays: 7,
  nowMs: Date.parse("2026-12-06T00:00:00Z"),
  ...over,
});

describe("the doctor's hosting rows", () => {
  it("on Azure: counts the fine-tuned deployments only, lists none as idle, and says why", () => {
    const rows = hostingRows(input());
    expect(rows.map((r) => [r.check, r.result])).toEqual([
      ["hosting: account", "info"],
      ["hosting: traffic", "skip"],
    ]);
    expect(rows[0]!.detail).toBe("1 fine-tuned deployment(s), $1.70/h in all ($1,241.00/month); 0 listed below");
    expect(rows[1]!.detail).toMatch(/Azure Monitor metrics/);
  });

  it("lists an undeclared deployment with its cost; one idle and undeclared says both", () => {
    const rows = hostingRows(
      input({
        declared: [],
        usage: {
          ok: true,
          value: [{ name: "clippy-0123abcd", lastUsedAt: "2026-11-01T00:00:00Z" }],
          evidence: "GET /_emulator/...: 200",
        },
      }),
    );
    expect(rows[1]).toMatchObject({ check: "hosting: clippy-0123abcd", result: "warn" });
    expect(rows[1]!.detail).toBe(
      "no stack of this project declares it (dev); no traffic in the last 7 days (last call 2026-11-01): $1.70/h ($1,241.00/month), gpt-4.1-mini-2025-04-14.ft-abc-clippy on Standard x1",
    );
  });

  it("does not list a declared deployment used within the window", () => {
    const rows = hostingRows(
      input({
        usage: { ok: true, value: [{ name: "clippy-0123abcd", lastUsedAt: "2026-12-01T00:00:00Z" }], evidence: "e" },
      }),
    );
    expect(rows.map((r) => r.check)).toEqual(["hosting: account"]);
  });
});
