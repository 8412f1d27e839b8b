// Datasets named by URL (program/remote-dataset.ts and the TrainingFile provider's pure parts): what
// identifies the data, what is shown, what the config accepts, and what changes re-import.
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../../program/config";
import { displayUrl, remoteIdentity } from "../../../program/remote-dataset";
import { sha256Hex } from "../../../resources/shared/stable-json";
import { diffTrainingFile, type TrainingFileOutputs } from "../../../resources/training-file/contract";
import { uploadTuning } from "../../../resources/training-file/provider";

const SHA = "ab".repeat(32);
const URL_A = "https://data.blob.core.windows.net/train/train.jsonl?sv=2024&sig=SECRET";

describe("remoteIdentity", () => {
  it("is the pinned sha256 when there is one, whatever the URL", () => {
    expect(remoteIdentity({ url: URL_A, sha256: SHA })).toBe(SHA);
    expect(remoteIdentity({ url: "https://elsewhere/x.jsonl", sha256: SHA })).toBe(SHA);
  });
  it("is derived from the whole URL otherwise, without showing it (a SAS token is a credential)", () => {
    const identity = remoteIdentity({ url: URL_A });
    expect(identity).toBe(`url-${sha256Hex(URL_A)}`);
    expect(identity).not.toContain("SECRET");
    expect(remoteIdentity({ url: URL_A.replace("SECRET", "ROTATED") })).not.toBe(identity);
  });
});

describe("displayUrl", () => {
  it("drops the query and the fragment", () => {
    expect(displayUrl(URL_A)).toBe("https://data.blob.core.windows.net/train/train.jsonl");
    expect(displayUrl("http://127.0.0.1:8080/a/b.jsonl#x")).toBe("http://127.0.0.1:8080/a/b.jsonl");
  });
});

describe("trainingFile / validationFile as a URL in stack config", () => {
  const parse = (trainingFile: unknown, validationFile?: unknown) =>
    parseStackConfig({
      account: { name: "dev" },
      models: {
        m: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile, ...(validationFile ? { validationFile } : {}) },
      },
    });

  it("takes { url, sha256?, validate? }, validate off and the sha256 lower-cased by default", () => {
    expect(parse({ url: URL_A, sha256: SHA.toUpperCase() }).models.m!.trainingFile).toEqual({
      url: URL_A,
      sha256: SHA,
      validate: false,
    });
    expect(parse("datasets/clippy/train.jsonl", { url: URL_A, validate: true }).models.m!.validationFile).toEqual({
      url: URL_A,
      validate: true,
    });
  });

  const refused: [string, unknown, RegExp][] = [
    ["another scheme", { url: "ftp://host/train.jsonl" }, /trainingFile\.url: must be an http or https URL/],
    ["no URL at all", { url: "train.jsonl" }, /trainingFile\.url:/],
    ["a short sha256", { url: URL_A, sha256: "abc" }, /trainingFile\.sha256: must be 64 hex digits/],
    ["an unknown key", { url: URL_A, path: "x" }, /trainingFile: Unrecognized key: "path"/],
    ["a path outside the project (still)", "../x.jsonl", /trainingFile: must be a path inside the project/],
  ];
  for (const [what, value, message] of refused) {
    it(`refuses ${what}, naming the key`, () => expect(() => parse(value)).toThrow(message));
  }
});

describe("a TrainingFile imported from a URL", () => {
  const target = { kind: "local" as const, accountName: "dev", subscriptionId: "s", resourceGroup: "rg", localPort: 0 };
  const olds: TrainingFileOutputs = {
    target,
    path: displayUrl(URL_A),
    purpose: "fine-tune",
    sha256: SHA,
    contentUrl: URL_A,
    retainOnDelete: false,
    fileId: "file-1",
    status: "processed",
  };
  const { fileId: _f, status: _s, ...news } = olds;

  it("is not re-imported when nothing changed", () => expect(diffTrainingFile(olds, news).changes).toBe(false));
  it("records a new URL with the same pinned sha256 without a change (a rotated SAS token re-imports nothing)", () => {
    const rotated = URL_A.replace("SECRET", "ROTATED");
    expect(diffTrainingFile(olds, { ...news, contentUrl: rotated, path: displayUrl(rotated) })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("is re-imported when the identity changes", () => {
    expect(diffTrainingFile(olds, { ...news, sha256: "cd".repeat(32) }).replaces).toEqual(["sha256"]);
  });
});

describe("uploadTuning", () => {
  it("reads the Uploads API threshold and part size from the environment, ignoring nonsense", () => {
    expect(uploadTuning({})).toEqual({});
    expect(uploadTuning({ FOUNDRY_UPLOAD_PARTS_ABOVE_BYTES: "1024", FOUNDRY_UPLOAD_PART_BYTES: "512" })).toEqual({
      partsAboveBytes: 1024,
      partBytes: 512,
    });
    expect(uploadTuning({ FOUNDRY_UPLOAD_PARTS_ABOVE_BYTES: "lots", FOUNDRY_UPLOAD_PART_BYTES: "-1" })).toEqual({});
  });
});
