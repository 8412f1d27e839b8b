// TrainingFile's pure logic (resources/training-file/provider.ts): a file is its bytes; only bytes, purpose and
// account re-upload, and the upload name lets an interrupted update's upload be found again.
import { describe, expect, it } from "vitest";
import { diffTrainingFile, uploadName, type TrainingFileInputs, type TrainingFileOutputs } from "../../../../resources/training-file/contract";
import type { TargetInputs } from "../../../../resources/shared/target-inputs";
import { UNKNOWN } from "../../../../resources/shared/unknown";

const SHA_A = "3f2a91c0" + "a".repeat(56);
const SHA_B = "8b1d44e2" + "b".repeat(56);
const target: TargetInputs = { kind: "local", accountName: "dev", subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "local", localPort: 0 };

function inputs(overrides: Partial<TrainingFileInputs> = {}): TrainingFileInputs {
  return {
    target,
    path: "datasets/clippy/train.jsonl",
    purpose: "fine-tune",
    sha256: SHA_A,
    bytes: 1234,
    examples: 10,
    retainOnDelete: false,
    resourceUrn: "urn:pulumi:dev::foundry-finetune::foundry:index:TrainingFile::clippy-training",
    ...overrides,
  };
}
const outputs = (overrides: Partial<TrainingFileOutputs> = {}): TrainingFileOutputs => ({ ...inputs(), fileId: "file-abc", status: "processed", ...overrides });

describe("diffTrainingFile", () => {
  it("reports no change when nothing changed", () => {
    expect(diffTrainingFile(outputs(), inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  const replaced: [string, Partial<TrainingFileInputs>, string][] = [
    ["bytes", { sha256: SHA_B, bytes: 999 }, "sha256"],
    ["bytes, unknown during a preview", { sha256: UNKNOWN }, "sha256"],
    ["purpose", { purpose: "other" as never }, "purpose"],
    ["account", { target: { ...target, accountName: "prod" } }, "target"],
    ["account, unknown during a preview", { target: UNKNOWN as never }, "target"],
  ];
  for (const [what, change, key] of replaced) {
    it(`re-uploads (replaces) when the ${what} change(s)`, () => {
      expect(diffTrainingFile(outputs(), inputs(change))).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: false });
    });
  }

  it("records a moved file with the same bytes without an update, and changes the retention in place", () => {
    expect(diffTrainingFile(outputs(), inputs({ path: "datasets/clippy/train-renamed.jsonl" }))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(diffTrainingFile(outputs(), inputs({ retainOnDelete: true }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("does not re-upload for the local port or the spelling of the account name", () => {
    expect(diffTrainingFile(outputs(), inputs({ target: { ...target, localPort: 41000 } })).changes).toBe(false);
    expect(diffTrainingFile(outputs(), inputs({ target: { ...target, accountName: "DEV" } })).changes).toBe(false);
  });
});

describe("uploadName", () => {
  it("is <stem>.<16 hex>.jsonl, the stem being the file's name without directories or extension", () => {
    expect(uploadName(inputs())).toMatch(/^train\.[0-9a-f]{16}\.jsonl$/);
    expect(uploadName(inputs({ path: "data/Valid.JSONL" }))).toMatch(/^Valid\.[0-9a-f]{16}\.jsonl$/);
  });

  it("is the same for the same resource and bytes, whatever the path", () => {
    expect(uploadName(inputs())).toBe(uploadName({ ...inputs() }));
    expect(uploadName(inputs({ path: "elsewhere/train.jsonl" })).split(".")[1]).toBe(uploadName(inputs()).split(".")[1]);
  });

  it("differs with the bytes and with the resource (stack or name)", () => {
    const base = uploadName(inputs());
    expect(uploadName(inputs({ sha256: SHA_B }))).not.toBe(base);
    expect(uploadName(inputs({ resourceUrn: "urn:pulumi:prod::foundry-finetune::foundry:index:TrainingFile::clippy-training" }))).not.toBe(base);
    expect(uploadName(inputs({ resourceUrn: "urn:pulumi:dev::foundry-finetune::foundry:index:TrainingFile::clippy-validation" }))).not.toBe(base);
  });

  it("falls back to the path to tell files apart when there is no URN", () => {
    const a = uploadName(inputs({ resourceUrn: undefined, path: "a/train.jsonl" }));
    const b = uploadName(inputs({ resourceUrn: undefined, path: "b/train.jsonl" }));
    expect(a).not.toBe(b);
    expect(a).toBe(uploadName(inputs({ resourceUrn: undefined, path: "a/train.jsonl" })));
  });
});
