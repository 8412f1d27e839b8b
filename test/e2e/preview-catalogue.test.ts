// Previews that tell the truth: for every edit of the catalogue (./catalogue/edits.ts), applied in sequence to
// the shipped dev and prod stacks, `pulumi preview --json` announces exactly the (resource, operation) pairs the
// following `pulumi up` performs, and shows no input as unknown that the up leaves unchanged.
// `npm run bench -- catalogue` prints the same table.
import { describe, expect, it } from "vitest";
import { type CatalogueRow, renderCatalogue } from "../../testkit/catalogue/compare";
import { runCatalogue } from "../../testkit/catalogue/run";

describe("the preview of every catalogued edit matches the up that follows", () => {
  it("0 mismatches, and a capacity edit previews as exactly one in-place update", async () => {
    const rows: CatalogueRow[] = await runCatalogue();
    console.log(renderCatalogue(rows)); // the table the README shows
    const mismatches = rows.filter((r) => !r.match);
    expect(mismatches, renderCatalogue(rows)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    expect(rows.find((r) => r.edit.startsWith("capacity"))).toMatchObject({
      preview: ["ModelDeployment clippy update"],
      up: ["ModelDeployment clippy update"],
    });
  });
});
