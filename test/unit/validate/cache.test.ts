// An unchanged file is neither re-read nor re-tokenized; any change is noticed.

import { appendFile, mkdtemp, readdir, rename, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashFile, hashFileCached, type ValidateOptions, validateFile, validateFileCached } from "../../../validate";

const OPTS: ValidateOptions = { purpose: "training", method: "supervised", baseModel: "gpt-4.1-mini" };
const line = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "S" },
      { role: "user", content: `Q${i}` },
      { role: "assistant", content: `A${i}` },
    ],
  });

describe("validateFileCached", () => {
  let dir: string;
  let data: string;
  let cacheDir: string;
  let calls: number;
  const counting = ((path: string, opts: ValidateOptions) => {
    calls++;
    return validateFile(path, opts);
  }) as typeof validateFile;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "validate-cache-"));
    data = join(dir, "train.jsonl");
    cacheDir = join(dir, "cache");
    calls = 0;
    await writeFile(data, Array.from({ length: 12 }, (_, i) => line(i)).join("\n") + "\n");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns the stored result for an unchanged file without validating again", async () => {
    const first = await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    const second = await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    expect(calls).toBe(1);
    expect(second).toEqual(first);
    expect(second.stats.tokens?.total).toBeGreaterThan(0);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith(".json"))).toHaveLength(1);
  });

  it("validates again after a write, even one that keeps size and mtime", async () => {
    const first = await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    const { mtime, atime } = { mtime: new Date(2020, 0, 1), atime: new Date(2020, 0, 1) };
    await utimes(data, atime, mtime);
    await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    expect(calls).toBe(2); // mtime changed
    // Same size, same mtime, different bytes: ctime still moves.
    const text = Array.from({ length: 12 }, (_, i) => line(i)).join("\n") + "\n";
    await writeFile(data, text.replace('Q1"', 'Q9"'));
    await utimes(data, atime, mtime);
    const third = await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    expect(calls).toBe(3);
    expect(third.stats.sha256).not.toBe(first.stats.sha256);
  });

  it("validates again when a file is replaced by rename, or options change", async () => {
    await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    const other = join(dir, "other.jsonl");
    await writeFile(other, Array.from({ length: 12 }, (_, i) => line(i)).join("\n") + "\n");
    await appendFile(other, line(99) + "\n");
    await rename(other, data);
    await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    expect(calls).toBe(2);
    await validateFileCached(data, { ...OPTS, baseModel: "gpt-4.1-nano" }, cacheDir, { validate: counting });
    expect(calls).toBe(3);
    await validateFileCached(data, { ...OPTS, baseModel: "gpt-4.1-nano" }, cacheDir, { validate: counting });
    expect(calls).toBe(3);
  });

  it("recomputes when the cache entry is corrupt", async () => {
    await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    for (const f of await readdir(cacheDir)) await writeFile(join(cacheDir, f), "{ torn");
    await validateFileCached(data, OPTS, cacheDir, { validate: counting });
    expect(calls).toBe(2);
  });

  it("hashFileCached hashes once while the file is unchanged", async () => {
    let hashes = 0;
    const hash = ((p: string) => {
      hashes++;
      return hashFile(p);
    }) as typeof hashFile;
    const a = await hashFileCached(data, cacheDir, { hash });
    const b = await hashFileCached(data, cacheDir, { hash });
    expect(hashes).toBe(1);
    expect(b).toEqual(a);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
