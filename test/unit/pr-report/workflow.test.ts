import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPORT_MARKER } from "../../../pr-report/preview-report";

// The workflow finds its comment by the marker the report writes; if either changes alone, CI would post a new
// comment on every push instead of updating one.
describe(".github/workflows/preview.yml", () => {
  const workflow = readFileSync(path.join(__dirname, "../../../.github/workflows/preview.yml"), "utf8");

  it("looks for the marker the report writes", () => {
    expect(workflow).toContain(`const marker = "${REPORT_MARKER}";`);
  });

  it("runs the report on pull requests and posts the file it writes", () => {
    expect(workflow).toMatch(/^on:\n {2}pull_request:/m);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text of the workflow, not a template
    expect(workflow).toContain('npm run preview:report -- "${args[@]}" --out "$REPORT"');
    expect(workflow).toContain("REPORT: reports/out/preview.md");
    expect(workflow.match(/hashFiles\('reports\/out\/preview\.md'\)/g)).toHaveLength(2);
    expect(workflow).toContain("github.rest.issues.updateComment");
  });
});
