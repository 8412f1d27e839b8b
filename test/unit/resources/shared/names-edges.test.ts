// Edges of names and messages in the resources' pure logic: dots inside a failure reason or a file name.
import { describe, expect, it } from "vitest";
import { uploadName } from "../../../../foundry/upload-name";
import { failedJobMessage } from "../../../../resources/fine-tuning-job/outputs";

describe("dots that are not at the end", () => {
  it("keeps the dots inside a failure reason, dropping only the final ones", () => {
    expect(failedJobMessage("ftjob-1", "failed", "file v1.2 is bad.")).toBe(
      "fine-tuning job ftjob-1 failed: file v1.2 is bad. Change the model's training inputs to train again.",
    );
  });

  it("keeps a .jsonl inside an uploaded file's stem, dropping only the extension", () => {
    expect(uploadName({ path: "d/x.jsonl.old.jsonl", sha256: "a".repeat(64) })).toBe(
      `x.jsonl.old.sha256-${"a".repeat(32)}.jsonl`,
    );
  });
});
