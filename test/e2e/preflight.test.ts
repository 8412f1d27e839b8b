// Each preflight refusal through the real CLI: the preview fails with the figures, and the service receives no
// upload, no job and no deployment. A stack that already has its deployments previews clean.
import { randomBytes } from "node:crypto";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack, writes } from "../../testkit/pulumi/project";

const model = (extra: Record<string, unknown> = {}, deployment: Record<string, unknown> = {}) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile: "datasets/clippy/train.jsonl",
  trainingType: "GlobalStandard",
  method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 36 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1, ...deployment },
  ...extra,
});
const config = (models: Record<string, unknown>) => ({ account: { name: "pf" }, models });

describe("preflight through the CLI", () => {
  let t: ProjectStack;
  const env = () => (t.stack.workspace as LocalWorkspace).envVars;

  beforeAll(async () => {
    // TTL 0: every preview reads the account again, as the tests change it between previews.
    t = await createProjectStack({ config: config({ clippy: model() }), env: { FOUNDRY_PREFLIGHT_TTL_SECONDS: "0" } });
  });
  afterAll(async () => t?.stop());

  /** Runs a preview that must fail; returns its message after checking that nothing was written. */
  async function refused(): Promise<string> {
    const before = await t.lastSeq();
    let failure = "";
    await t.stack.preview().then(
      () => (failure = "the preview passed"),
      (error: Error) => (failure = error.message),
    );
    expect(failure).toContain("preflight failed on account pf, nothing was uploaded, trained or deployed");
    expect(writes(await t.requestsSince(before))).toEqual([]);
    return failure;
  }

  it("a training tier the account's region does not offer", async () => {
    await t.admin("PUT", "/_emulator/accounts/pf/region", { region: "eastus2" });
    t.setStackConfig(config({ clippy: model({ trainingType: "Standard" }) }));
    try {
      expect(await refused()).toContain(
        "training: clippy: gpt-4.1-mini-2025-04-14 cannot be fine-tuned on Standard in eastus2; the account's model list offers GlobalStandard, Developer",
      );
    } finally {
      await t.admin("PUT", "/_emulator/accounts/pf/region", { region: "swedencentral" });
    }
  });

  it("more TPM capacity than the account has free", async () => {
    t.setStackConfig(config({ clippy: model({}, { capacity: 150 }) }));
    expect(await refused()).toContain(
      "capacity: Standard: not enough Standard capacity on account pf: 0 of 100 used (OpenAI.Standard.fine-tune), 100 free; this plan asks clippy 150: 150 more beyond the 0 its deployments hold",
    );
  });

  it("more fine-tuned deployments than the account's ten", async () => {
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`m${i}`, model({ seed: i }, { name: `m${i}` })]),
    );
    t.setStackConfig(config(eleven));
    expect(await refused()).toContain(
      "deployments: count: account pf has no room: 0 of 10 fine-tuned deployments used, 10 free; this plan keeps 0 and adds 11 (1 too many)",
    );
  });

  it("more fine-tuning files than the account holds (100), counting the ones already there", async () => {
    const filesUrl = `${t.emulator.url}/accounts/pf/openai/files`;
    const headers = { "api-key": t.apiKey };
    const line = JSON.stringify({
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
    });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const form = new FormData();
      form.append("purpose", "fine-tune");
      form.append("file", new Blob([`${line}\n`.repeat(10)]), `filler-${i}.jsonl`);
      const response = await fetch(`${filesUrl}?api-version=2025-04-01-preview`, {
        method: "POST",
        headers,
        body: form,
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
    }
    t.setStackConfig(config({ clippy: model() }));
    try {
      expect(await refused()).toMatch(
        /files: account pf has no room for the plan's files: 100 of 100 files \([\d.]+ MB of 1000\.0 MB\) in the account; this plan uploads 1 \([\d.]+ MB: clippy training [\d.]+ MB\) and keeps 0 \(1 file\(s\) too many\)/,
      );
    } finally {
      for (const id of ids)
        await fetch(`${filesUrl}/${id}?api-version=2025-04-01-preview`, { method: "DELETE", headers });
    }
  });

  it("an identity whose roles do not allow deployment writes, and one without data-plane access, named with the role to ask for", async () => {
    t.setStackConfig(config({ clippy: model() }));
    const own = env().FOUNDRY_API_KEY!;
    const trainer = `trainer-${randomBytes(8).toString("hex")}`;
    const deployer = `deployer-${randomBytes(8).toString("hex")}`;
    await t.admin("PUT", "/_emulator/keys", { key: trainer, roles: ["Cognitive Services OpenAI Contributor"] });
    await t.admin("PUT", "/_emulator/keys", { key: deployer, roles: ["Cognitive Services Contributor"] });
    try {
      env().FOUNDRY_API_KEY = trainer;
      expect(await refused()).toMatch(
        /identity: roles: the identity's roles on account pf do not allow Microsoft\.CognitiveServices\/accounts\/deployments\/write \(Cognitive Services Contributor/,
      );
      env().FOUNDRY_API_KEY = deployer;
      const failure = await refused();
      expect(failure).toContain(
        "identity: data plane: the identity may not use the account's data plane (PermissionDenied",
      );
      expect(failure).toContain("it needs Cognitive Services OpenAI Contributor or Azure AI User on account pf");
      expect(failure).toMatch(/evidence: GET .*\/openai\/fine_tuning\/jobs\?limit=1: 403 PermissionDenied/);
    } finally {
      env().FOUNDRY_API_KEY = own;
    }
  });

  it("a read that does not answer in time is a warning in the preview, never a silent pass", async () => {
    t.setStackConfig(config({ clippy: model() }));
    await t.admin("PUT", "/_emulator/faults", { rules: [{ route: "/usages$", latencyMs: 4000 }] });
    env().FOUNDRY_PREFLIGHT_TIMEOUT_MS = "1000";
    try {
      const lines: string[] = [];
      await t.stack.preview({ onOutput: (out) => lines.push(out) });
      expect(lines.join("")).toContain(
        "preflight: capacity: could not check the capacity for clippy (Standard): no answer after 1 s",
      );
    } finally {
      delete env().FOUNDRY_PREFLIGHT_TIMEOUT_MS;
      await t.admin("PUT", "/_emulator/faults", { rules: [] });
    }
  });

  it("a stack that already has its deployment previews clean, and counts the capacity its deployment holds", async () => {
    t.setStackConfig(config({ clippy: model({}, { capacity: 60 }) }));
    await t.stack.up();
    const unchanged = await t.stack.preview();
    expect(changes(unchanged.changeSummary)).toEqual({});
    // 60 held + 30 more of the 40 free: passes; 60 more would not.
    t.setStackConfig(config({ clippy: model({}, { capacity: 90 }) }));
    expect(changes((await t.stack.preview()).changeSummary)).toEqual({ update: 1 });
    t.setStackConfig(config({ clippy: model({}, { capacity: 120 }) }));
    expect(await refused()).toContain(
      "60 of 100 used (OpenAI.Standard.fine-tune), 40 free; this plan asks clippy 120: 60 more beyond the 60 its deployments hold",
    );
  });

  it("a base model's retirement: the dates are exported; near, the preview warns; retired for fine-tuning, a retrain is refused but the trained job stays", async () => {
    t.setStackConfig(config({ clippy: model({}, { capacity: 60 }) }));
    const models = (await t.stack.outputs()).models!.value as Record<
      string,
      { retirement?: { fineTune?: string; inference?: string } }
    >;
    expect(models.clippy!.retirement).toMatchObject({ fineTune: expect.any(String), inference: expect.any(String) });

    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString();
    await t.admin("PUT", "/_emulator/models/gpt-4.1-mini-2025-04-14/deprecation", { fineTune: soon });
    const warned = await t.stack.preview();
    expect(warned.stdout).toContain(
      `retirement: clippy: gpt-4.1-mini-2025-04-14: training (fine-tuning) retires on ${soon.slice(0, 10)}`,
    );

    const past = "2026-01-31T00:00:00Z";
    await t.admin("PUT", "/_emulator/models/gpt-4.1-mini-2025-04-14/deprecation", { fineTune: past });
    try {
      // Nothing retrains: the existing job is kept, the preview only warns.
      const kept = changes((await t.stack.preview()).changeSummary);
      expect(kept).not.toHaveProperty("replace");
      expect(kept).not.toHaveProperty("create");
      t.setStackConfig(config({ clippy: model({ seed: 99 }, { capacity: 60 }) }));
      const before = await t.lastSeq();
      const failure = await t.stack.preview().then(
        () => "the preview passed",
        (error: Error) => error.message,
      );
      expect(failure).toContain(
        "gpt-4.1-mini-2025-04-14 was retired for fine-tuning on 2026-01-31 (the account's model list): it cannot be trained again",
      );
      expect(writes(await t.requestsSince(before))).toEqual([]);
    } finally {
      await t.admin("PUT", "/_emulator/models/gpt-4.1-mini-2025-04-14/deprecation", {
        fineTune: "2027-12-31T00:00:00Z",
        inference: "2028-06-30T00:00:00Z",
      });
    }
  });
});
