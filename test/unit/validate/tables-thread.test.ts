import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateFile } from "../../../validate";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tables-thread-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const loadedInThisThread = (name: string) => Object.keys(createRequire(__filename).cache).some((k) => k.includes(name));

describe("token tables for the validation threads", () => {
  it("are built on a thread of their own: the tokenizer library never loads in the main thread", async () => {
    const line = (i: number) =>
      JSON.stringify({
        messages: [
          { role: "user", content: `question ${i}` },
          { role: "assistant", content: `answer ${i} café` },
        ],
      });
    const path = join(dir, "data.jsonl");
    await writeFile(path, "\ufeff" + Array.from({ length: 2000 }, (_, i) => line(i)).join("\n") + "\n");

    const threaded = await validateFile(path, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini",
      threads: 2,
    });
    expect(threaded.stats.tokens!.total).toBeGreaterThan(0);
    expect(loadedInThisThread("gpt-tokenizer/cjs/encoding/o200k_base")).toBe(false);

    // The main thread counts with the same tables (no second build) and gets the same figures.
    const inline = await validateFile(path, {
      purpose: "training",
      method: "supervised",
      baseModel: "gpt-4.1-mini",
      threads: 0,
    });
    expect(inline.stats).toEqual(threaded.stats);
    expect(loadedInThisThread("gpt-tokenizer/cjs/encoding/o200k_base")).toBe(false);
  });
});
