// The conformance table is part of the suite: the local service answers the recorded Azure requests with the
// recorded fields, types, statuses and codes, except for the differences documented (with reasons) in
// emulator/conformance-differences.ts. A new undocumented difference fails here.
import { describe, expect, it } from "vitest";
import { DOCUMENTED_DIFFERENCES } from "../../emulator/conformance-differences";
import { compareAnswers } from "./compare";
import { classify, renderTable, runConformance } from "./conformance";

describe("conformance of the local service with recorded Azure", () => {
  it("shows no undocumented difference, and every documented one is still seen", async () => {
    const report = await runConformance();
    console.log(renderTable(report));
    console.log(`conformance: ${report.exchanges} recorded exchanges compared`);
    expect(report.exchanges).toBeGreaterThanOrEqual(50);
    expect(report.undocumented, renderTable(report)).toEqual([]);
    expect(report.unused.map((d) => d.reason)).toEqual([]);
  });

  it("marks a difference no entry documents as UNDOCUMENTED", () => {
    const rows = compareAnswers(
      { status: 201, body: { properties: { provisioningState: "Creating", currentCapacity: 50 }, id: "a" } },
      { status: 201, body: { properties: { provisioningState: "Accepted" }, id: "b" } },
    );
    const report = classify(
      [{ scenario: "s", index: 0, label: "PUT (ARM)/deployments/d", rows }],
      1,
      DOCUMENTED_DIFFERENCES,
    );
    expect(report.undocumented.map((r) => [r.field, r.azure, r.local])).toEqual([
      ["properties.currentCapacity", "50", "(absent)"],
      ["properties.provisioningState", '"Creating"', '"Accepted"'],
    ]);
    // ids differ by nature: compared by type only
    expect(rows.find((r) => r.field === "id")?.kind).toBeUndefined();
  });

  it("reports an absent object as one row, and a refusal by its status and error code only", () => {
    const nested = compareAnswers(
      { status: 200, body: { method: { type: "dpo", dpo: { hyperparameters: { beta: 0.1 } } } } },
      { status: 200, body: {} },
    );
    expect(nested.filter((r) => r.kind).map((r) => [r.field, r.kind])).toEqual([["method", "missing"]]);
    const refused = compareAnswers(
      { status: 201, body: { id: "x", status: "pending" } },
      { status: 400, body: { error: { code: "invalidPayload", message: "no" } } },
    );
    expect(refused.map((r) => [r.field, r.azure, r.local, r.kind])).toEqual([
      ["(status)", "201", "400", "status"],
      ["error.code", "(absent)", '"invalidPayload"', "value"],
    ]);
    // list items merge: a value seen on one side only is a value difference
    const lists = compareAnswers(
      { status: 200, body: { data: [{ level: "info" }, { level: "warning" }] } },
      { status: 200, body: { data: [{ level: "info" }] } },
    );
    expect(lists.find((r) => r.field === "data[].level")).toMatchObject({
      azure: '"info" | "warning"',
      local: '"info"',
      kind: "value",
    });
  });
});
