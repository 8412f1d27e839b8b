// The preflight reads against a real local service: its control-plane routes (account, models, usages,
// permissions), a key with Azure roles answering 403, and the checks on what was read.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failed, type PreflightPlan, runChecks } from "../../foundry/preflight-checks";
import { PreflightReader } from "../../foundry/preflight-read";
import type { FoundryTarget } from "../../foundry/target";
import { startEmulator, type TestEmulator } from "../emulator/helpers";

const plan = (o: Partial<PreflightPlan> = {}): PreflightPlan => ({
  account: "pf",
  trainings: [
    { key: "clippy", baseModel: "gpt-4.1-mini-2025-04-14", method: "supervised", trainingType: "GlobalStandard" },
  ],
  deployments: [{ key: "clippy", name: "clippy", sku: "Standard", capacity: 1, baseModel: "gpt-4.1-mini-2025-04-14" }],
  ...o,
});

describe("preflight reads on the local service", () => {
  let emu: TestEmulator;
  const target = (account: string): FoundryTarget => ({
    kind: "local",
    endpoint: `${emu.url}/accounts/${account}`,
    armEndpoint: emu.url,
    subscriptionId: "s",
    resourceGroup: "rg",
    accountName: account,
    caCertPath: emu.caCert,
  });
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu?.close());

  it("reads the account's region, models, usages, deployments and permissions, and a plain plan passes", async () => {
    const reads = await new PreflightReader(target("pf"), { apiKey: emu.apiKey }).readAll();
    expect(reads.location).toMatchObject({ ok: true, value: "swedencentral" });
    expect(reads.models.ok && reads.models.value.find((m) => m.id === "gpt-4.1-mini-2025-04-14")).toMatchObject({
      capabilities: { fineTune: "true" },
    });
    expect(reads.usages.ok && reads.usages.value.find((u) => u.name === "OpenAI.Standard.fine-tune")).toEqual({
      name: "OpenAI.Standard.fine-tune",
      currentValue: 0,
      limit: 100,
    });
    // TPM quota is read where Azure reports it: the subscription's usages in the account's region.
    expect(reads.files).toMatchObject({ ok: true, value: [] });
    expect(reads.usages.evidence).toBe(
      "GET /subscriptions/s/providers/Microsoft.CognitiveServices/locations/swedencentral/usages (Usages_List): 200",
    );
    const rows = runChecks(plan(), reads);
    expect(failed(rows)).toEqual([]);
    expect(rows.map((r) => r.check)).toEqual([
      "identity: data plane",
      "identity: control plane",
      "identity: roles",
      "training: clippy",
      "deployments: count",
      "capacity: Standard",
    ]);
  });

  it("reads each base model's retirement dates from the model list (the local service's are settable)", async () => {
    const before = await new PreflightReader(target("pf"), { apiKey: emu.apiKey }).readAll();
    expect(
      before.models.ok && before.models.value.find((m) => m.id === "gpt-4o-2024-08-06")!.deprecation,
    ).toMatchObject({
      fineTune: expect.any(String),
      inference: expect.any(String),
    });
    const set = await emu.admin("PUT", "/_emulator/models/gpt-4o-2024-08-06/deprecation", {
      fineTune: "2026-01-31T00:00:00Z",
      inference: null,
    });
    expect(set.status).toBe(200);
    expect(
      (await emu.admin("PUT", "/_emulator/models/gpt-4o-2024-08-06/deprecation", { fineTune: "soon" })).status,
    ).toBe(400);
    const reads = await new PreflightReader(target("pf"), { apiKey: emu.apiKey }).readAll();
    expect(reads.models.ok && reads.models.value.find((m) => m.id === "gpt-4o-2024-08-06")!.deprecation).toEqual({
      fineTune: "2026-01-31T00:00:00Z",
    });
  });

  it("reads the data plane on the surface the stack uses (v1)", async () => {
    const reads = await new PreflightReader({ ...target("pf"), dataPlaneForm: "v1" }, { apiKey: emu.apiKey }).readAll();
    expect(reads.dataPlane).toMatchObject({
      ok: true,
      evidence: `GET ${emu.url}/accounts/pf/openai/v1/fine_tuning/jobs?limit=1: 200`,
    });
  });

  it("through a project: the data plane is read at the project's endpoint, the permissions at its scope too", async () => {
    await emu.arm().projects.beginCreateAndWait("rg", "pf-proj", "team", { location: "swedencentral" });
    const reads = await new PreflightReader(
      { ...target("pf-proj"), project: "team" },
      { apiKey: emu.apiKey },
    ).readAll();
    expect(reads.dataPlane).toMatchObject({
      ok: true,
      evidence: `GET ${emu.url}/accounts/pf-proj/api/projects/team/openai/fine_tuning/jobs?limit=1: 200`,
    });
    expect(reads.project).toMatchObject({
      name: "team",
      permissions: {
        ok: true,
        evidence:
          "GET /subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/pf-proj/projects/team/providers/Microsoft.Authorization/permissions: 200",
      },
    });
    expect(failed(runChecks(plan({ account: "pf-proj" }), reads))).toEqual([]);
    const missing = await new PreflightReader(
      { ...target("pf-proj"), project: "other" },
      { apiKey: emu.apiKey },
    ).readAll();
    expect(missing.dataPlane).toMatchObject({ ok: false, kind: "missing", status: 404 });
    expect(missing.project?.permissions).toMatchObject({ ok: false, kind: "missing", status: 404 });
    expect(failed(runChecks(plan({ account: "pf-proj" }), missing)).map((r) => r.detail)).toEqual([
      "project other is not a project of account pf-proj (NotFound: The project does not exist. (project 'other')); create it, or name one that exists",
    ]);
  });

  it("a region without Standard training refuses it, naming the tiers the account's model list offers", async () => {
    await emu.admin("PUT", "/_emulator/accounts/pf-east/region", { region: "eastus2" });
    const reads = await new PreflightReader(target("pf-east"), { apiKey: emu.apiKey }).readAll();
    const rows = runChecks(
      plan({
        trainings: [
          { key: "clippy", baseModel: "gpt-4.1-mini-2025-04-14", method: "supervised", trainingType: "Standard" },
        ],
      }),
      reads,
    );
    expect(failed(rows).map((r) => r.detail)).toEqual([
      "gpt-4.1-mini-2025-04-14 cannot be fine-tuned on Standard in eastus2; the account's model list offers GlobalStandard, Developer",
    ]);
  });

  it("reads every page of the permissions list (nextLink): roles on a later page count", async () => {
    const both = `both-${randomBytes(8).toString("hex")}`;
    await emu.admin("PUT", "/_emulator/keys", {
      key: both,
      roles: ["Cognitive Services OpenAI Contributor", "Cognitive Services Contributor"],
    });
    const reads = await new PreflightReader(target("pf"), { apiKey: both }).readAll();
    expect(reads.permissions.ok && reads.permissions.value.length).toBe(2);
    expect(failed(runChecks(plan(), reads)).map((r) => r.check)).toEqual([]);
  });

  it("a key that may read but not deploy fails the roles check; a key without data access fails the data plane with the role to ask for", async () => {
    const reader = `reader-${randomBytes(8).toString("hex")}`;
    const deployer = `deployer-${randomBytes(8).toString("hex")}`;
    await emu.admin("PUT", "/_emulator/keys", { key: reader, roles: ["Cognitive Services OpenAI Contributor"] });
    await emu.admin("PUT", "/_emulator/keys", { key: deployer, roles: ["Cognitive Services Contributor"] });
    const asReader = runChecks(plan(), await new PreflightReader(target("pf"), { apiKey: reader }).readAll());
    expect(failed(asReader).map((r) => r.check)).toEqual(["identity: roles"]);
    expect(failed(asReader)[0]!.detail).toContain(
      "do not allow Microsoft.CognitiveServices/accounts/deployments/write (Cognitive Services Contributor",
    );
    const asDeployer = runChecks(plan(), await new PreflightReader(target("pf"), { apiKey: deployer }).readAll());
    expect(failed(asDeployer).map((r) => [r.check, r.evidence])).toEqual([
      ["identity: data plane", expect.stringMatching(/fine_tuning\/jobs\?limit=1: 403 PermissionDenied$/)],
    ]);
    expect(failed(asDeployer)[0]!.detail).toContain(
      "it needs Cognitive Services OpenAI Contributor or Azure AI User on account pf",
    );
  });

  it("the test controls refuse an unknown role, and a role key may not call them", async () => {
    expect((await emu.admin("PUT", "/_emulator/keys", { key: "k".repeat(16), roles: ["Magician"] })).status).toBe(400);
    const reader = `r-${randomBytes(8).toString("hex")}`;
    await emu.admin("PUT", "/_emulator/keys", { key: reader, roles: ["Reader"] });
    const faults = await fetch(`${emu.url}/_emulator/faults`, { headers: { "api-key": reader } });
    expect(faults.status).toBe(403);
    expect((await fetch(`${emu.url}/_emulator/health`, { headers: { "api-key": reader } })).status).toBe(200);
  });

  it("a read that gets no answer in time is a warning, never a pass", async () => {
    await emu.admin("PUT", "/_emulator/faults", { rules: [{ route: "/usages$", latencyMs: 3000 }] });
    try {
      const reads = await new PreflightReader(target("pf"), { apiKey: emu.apiKey, timeoutMs: 500 }).readAll();
      const rows = runChecks(plan(), reads);
      expect(rows.filter((r) => r.check === "capacity")).toEqual([
        expect.objectContaining({
          result: "warn",
          detail: expect.stringContaining("could not check the capacity for clippy (Standard): no answer after"),
        }),
      ]);
      expect(failed(rows)).toEqual([]);
    } finally {
      await emu.admin("PUT", "/_emulator/faults", { rules: [] });
    }
  });
});
