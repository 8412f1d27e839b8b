// Planning a dataset named by URL (program/remote-plan.ts) against a loopback server: without `validate` the URL
// is never fetched; with it the bytes are fetched once, validated and named by the URL without its query.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetError } from "../../program/dataset-plan";
import { planRemote } from "../../program/remote-plan";
import { validateFile } from "../../validate/validator";

const TRAIN = readFileSync(path.resolve(__dirname, "../../datasets/clippy/train.jsonl"));
const SHA = createHash("sha256").update(TRAIN).digest("hex");
const LIMIT = 9_000_000_000;

describe("planRemote", () => {
  let server: http.Server;
  let url = "";
  let gets = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      gets++;
      res.end(TRAIN);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/train.jsonl`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads nothing without validate: the identity is the pinned sha256, the statistics unknown", async () => {
    const planned = await planRemote(
      { url: `${url}?sig=s`, sha256: SHA, validate: false },
      "training",
      "supervised",
      "gpt-4.1-mini-2025-04-14",
      LIMIT,
      validateFile,
    );
    expect(gets).toBe(0);
    expect(planned).toMatchObject({
      path: url,
      url: `${url}?sig=s`,
      validated: false,
      result: { findings: [], stats: { sha256: SHA, examples: 0 } },
    });
  });

  it("with validate, fetches once and validates: statistics, tokens and findings named by the URL without its query", async () => {
    const planned = await planRemote(
      { url: `${url}?sig=s`, validate: true },
      "training",
      "supervised",
      "gpt-4.1-mini-2025-04-14",
      LIMIT,
      validateFile,
    );
    expect(gets).toBe(1);
    expect(planned.validated).toBe(true);
    expect(planned.result.stats).toMatchObject({ file: url, sha256: SHA, bytes: TRAIN.length });
    expect(planned.result.stats.examples).toBeGreaterThan(10);
    expect(planned.result.stats.tokens?.total).toBeGreaterThan(0);
    expect(planned.result.findings.every((f) => f.file === url)).toBe(true);
  });

  it("with validate, refuses other bytes than the pinned ones", async () => {
    await expect(
      planRemote(
        { url, sha256: "0".repeat(64), validate: true },
        "training",
        "supervised",
        "gpt-4.1-mini-2025-04-14",
        LIMIT,
        validateFile,
      ),
    ).rejects.toThrow(DatasetError);
  });
});
