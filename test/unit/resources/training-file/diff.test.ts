// TrainingFile's pure logic (resources/training-file/provider.ts): a file is its bytes; only bytes, purpose and
// account re-upload, and the upload name lets an interrupted update's upload be found again.
import { describe, expect, it } from "vitest";
import { contentHashOfUploadName, uploadName } from "../../../../foundry/upload-name";
import type { TargetInputs } from "../../../../resources/shared/target-inputs";
import { UNKNOWN } from "../../../../resources/shared/unknown";
import {
  diffTrainingFile,
  type TrainingFileInputs,
  type TrainingFileOutputs,
} from "../../../../resources/training-file/contract";

const SHA_A = "3f2a91c0" + "a".repeat(56);
const SHA_B = "8b1d44e2" + "b".repeat(56);
const target: TargetInputs = {
  kind: "local",
  accountName: "dev",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "local",
  localPort: 0,
};

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
const outputs = (overrides: Partial<TrainingFileOutputs> = {}): TrainingFileOutputs => ({
  ...inputs(),
  fileId: "file-abc",
  status: "processed",
  ...overrides,
});

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
      expect(diffTrainingFile(outputs(), inputs(change))).toEqual({
        changes: true,
        replaces: [key],
        deleteBeforeReplace: false,
      });
    });
  }

  it("records a moved file with the same bytes without an update, and changes the retention in place", () => {
    expect(diffTrainingFile(outputs(), inputs({ path: "datasets/clippy/train-renamed.jsonl" }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffTrainingFile(outputs(), inputs({ retainOnDelete: true }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("does not re-upload for the local port or the spelling of the account name", () => {
    expect(diffTrainingFile(outputs(), inputs({ target: { ...target, localPort: 41000 } })).changes).toBe(false);
    expect(diffTrainingFile(outputs(), inputs({ target: { ...target, accountName: "DEV" } })).changes).toBe(false);
  });
});

describe("uploadName", () => {
  it("is <stem>.sha256-<first 32 hex of the bytes' sha256>.jsonl, the stem being the file's name without directories or extension", () => {
    expect(uploadName(inputs())).toBe(`train.sha256-${inputs().sha256.slice(0, 32)}.jsonl`);
    expect(uploadName(inputs({ path: "data/Valid.JSONL" }))).toBe(`Valid.sha256-${inputs().sha256.slice(0, 32)}.jsonl`);
  });

  it("differs with the bytes only: another stack or resource with the same bytes finds the same upload", () => {
    const base = uploadName(inputs());
    expect(uploadName(inputs({ sha256: SHA_B }))).not.toBe(base);
    expect(
      uploadName(
        inputs({ resourceUrn: "urn:pulumi:prod::foundry-finetune::foundry:index:TrainingFile::clippy-training" }),
      ),
    ).toBe(base);
  });

  it("carries the content hash back out (contentHashOfUploadName), and nothing from a name it did not give", () => {
    expect(contentHashOfUploadName(uploadName(inputs()))).toBe(inputs().sha256.slice(0, 32));
    expect(contentHashOfUploadName("train.0123456789abcdef.jsonl")).toBeUndefined();
    expect(contentHashOfUploadName("train.jsonl")).toBeUndefined();
    expect(contentHashOfUploadName(undefined)).toBeUndefined();
  });
});
