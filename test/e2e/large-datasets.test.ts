// Large datasets the Azure way, through the real CLI: a training file named by URL, which the local service
// imports itself (served here on loopback; the preview never downloads it), and a validation file pushed
// through the Uploads API in parts (the threshold lowered for the test), one part failing once and retried.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack, writes } from "../../testkit/pulumi/project";

const TRAIN = readFileSync(path.join(projectRoot, "datasets/clippy/train.jsonl"));
const TRAIN_SHA = createHash("sha256").update(TRAIN).digest("hex");

describe("a training file named by URL and a validation file sent in parts, end to end", () => {
  let t: ProjectStack;
  let server: http.Server;
  let gets = 0;
  let url = "";
  const model = (trainingFile: unknown) => ({
    baseModel: "gpt-4.1-mini-2025-04-14",
    trainingFile,
    validationFile: "datasets/clippy/valid.jsonl",
    seed: 7,
    method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 4 } },
  });
  // The URL is a secret config value, as a SAS URL should be (`config set --secret --path ...trainingFile.url`).
  const setModel = async (trainingFile: { url: string; sha256?: string; validate?: boolean }) => {
    t.setStackConfig({
      account: { name: "remote" },
      models: { clippy: model({ ...trainingFile, url: "https://placeholder.invalid/x.jsonl" }) },
    });
    await t.stack.setConfig(
      "foundry-finetune:models.clippy.trainingFile.url",
      { value: trainingFile.url, secret: true },
      true,
    );
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      gets++;
      if (req.url?.startsWith("/data/train.jsonl")) return res.end(TRAIN);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/data/train.jsonl`;
    // The sample validation file is a few kB: parts of 2 kB push it through the Uploads API.
    t = await createProjectStack({
      config: {},
      env: { FOUNDRY_UPLOAD_PARTS_ABOVE_BYTES: "1024", FOUNDRY_UPLOAD_PART_BYTES: "2048" },
    });
    await setModel({ url: `${url}?sig=token-one`, sha256: TRAIN_SHA });
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("the preview does not download the URL", async () => {
    const preview = await t.stack.preview();
    expect(changes(preview.changeSummary)).toEqual({ create: 5 }); // stack, the model's component, 2 files, job
    expect(gets).toBe(0);
  });

  it("up imports the URL on the service, sends the validation file in parts (retrying the one that failed) and trains", async () => {
    await t.admin("PUT", "/_emulator/faults", { rules: [{ route: "/uploads/[^/]+/parts$", dropRate: 1, times: 1 }] });
    const before = await t.lastSeq();
    const up = await t.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 5 });
    expect(gets).toBe(1); // the service's own GET
    const log = (await t.requestsSince(before)).filter((r) => r.method === "POST");
    expect(log.filter((r) => r.route.endsWith("/files/import"))).toHaveLength(1);
    expect(log.filter((r) => r.route.endsWith("/uploads"))).toHaveLength(1);
    const parts = log.filter((r) => r.route.endsWith("/parts")).map((r) => r.status);
    expect(parts[0]).toBe(0); // dropped, then sent again
    expect(parts.slice(1).every((s) => s === 200)).toBe(true);
    expect(log.some((r) => r.method === "POST" && r.route.endsWith("/openai/files"))).toBe(false);
    const clippy = ((await t.stack.outputs()).models!.value as Record<string, { status: string; jobId: string }>)
      .clippy!;
    expect(clippy.status).toBe("succeeded");
  });

  it("the URL's query (a SAS token) is not in the state files in clear", async () => {
    const stateDir = new URL(t.env.PULUMI_BACKEND_URL!).pathname;
    const state = readdirSync(stateDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
      .join("\n");
    expect(state).toContain(url); // shown without its query
    expect(state).not.toContain("token-one");
  });

  it("running up again re-imports nothing, and a new token for the same pinned bytes changes nothing on the service", async () => {
    await t.admin("PUT", "/_emulator/faults", { rules: [] });
    const before = await t.lastSeq();
    expect(changes((await t.stack.up()).summary.resourceChanges)).toEqual({});
    await setModel({ url: `${url}?sig=token-two`, sha256: TRAIN_SHA });
    expect(changes((await t.stack.up()).summary.resourceChanges)).toEqual({}); // the new URL is recorded, nothing changes
    expect(writes(await t.requestsSince(before))).toEqual([]);
    expect(gets).toBe(1);
  });

  it("validate: true downloads the URL at preview and refuses bytes other than the pinned ones", async () => {
    await setModel({ url: `${url}?sig=token-two`, sha256: "0".repeat(64), validate: true });
    const error = await t.stack.preview().catch((e: Error) => e);
    expect(String(error)).toContain(`${url}: its bytes have sha256 ${TRAIN_SHA}, not the pinned ${"0".repeat(64)}`);
    expect(String(error)).not.toContain("token-two");
    expect(gets).toBe(2);
  });
});
