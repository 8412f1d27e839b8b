import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanFile } from "../../../validate/scan";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scan-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("scanFile", () => {
  it("hands on whole lines, in order, though it reads every chunk into the same buffer", async () => {
    // Short lines, a line of 2.5 MB (longer than two read chunks) and a last line without a newline.
    const lines = Array.from({ length: 30_000 }, (_, i) => `{"n":${i},"t":"${"é".repeat(i % 50)}"}`);
    lines[20_000] = `{"long":"${"x".repeat(2.5 * 1024 * 1024)}"}`;
    const text = lines.join("\n") + "\n" + '{"last":true}';
    const path = join(dir, "lines.jsonl");
    await writeFile(path, text);

    const regions: Buffer[] = [];
    const scanned = await scanFile(path, {
      hash: true,
      onRegion: (region) => {
        regions.push(Buffer.from(region)); // a copy: the scan reuses the bytes after the call
      },
    });

    const all = Buffer.concat(regions);
    expect(all.equals(Buffer.from(text))).toBe(true);
    for (const r of regions.slice(0, -1)) expect(r[r.length - 1]).toBe(10);
    expect(regions.length).toBeGreaterThan(2);
    expect(scanned.bytes).toBe(Buffer.byteLength(text));
    expect(scanned.sha256).toBe(createHash("sha256").update(text).digest("hex"));
  });
});
