// The pure preflight checks: what passes, fails or warns, and the figures each says.
import { describe, expect, it } from "vitest";
import { modelTiers } from "../../../azure/model-tiers";
import { failed, type PreflightPlan, runChecks, warned } from "../../../foundry/preflight-checks";
import { keptDeployment } from "../../../foundry/preflight-deployments";
import { actionMatches } from "../../../foundry/preflight-identity";
import type { PreflightReads, Read } from "../../../foundry/preflight-read";
import { uploadName } from "../../../foundry/upload-name";
import { parseStackConfig } from "../../../program/config";
import { preflightCacheKey, preflightPlan } from "../../../program/preflight/plan";

const ok = <T>(value: T, evidence = "GET x: 200"): Read<T> => ({ ok: true, value, evidence });
const base = "gpt-4.1-mini-2025-04-14";
const reads = (o: Partial<PreflightReads> = {}): PreflightReads => ({
  location: ok("swedencentral"),
  models: ok([
    {
      id: base,
      capabilities: { fineTune: "true" },
      finetuneCapabilities: { trainingTypes: "Standard,GlobalStandard,Developer", methods: "supervised,dpo" },
      skus: [{ name: "Standard", usageName: "U.Standard" }],
    },
  ]),
  usages: ok([{ name: "U.Standard", currentValue: 40, limit: 100 }]),
  deployments: ok([]),
  permissions: ok([{ actions: ["*"], notActions: [], dataActions: ["*"], notDataActions: [] }]),
  dataPlane: ok(0),
  files: ok([]),
  dataPlaneAuth: "api-key",
  sources: {},
  ...o,
});
const TRAIN_SHA = "aa".repeat(32);
const plan = (o: Partial<PreflightPlan> = {}): PreflightPlan => ({
  account: "a",
  trainings: [{ key: "m", baseModel: base, method: "supervised", trainingType: "GlobalStandard" }],
  deployments: [{ key: "m", name: "m", sku: "Standard", capacity: 10, baseModel: base }],
  ...o,
});
const detail = (rows: ReturnType<typeof runChecks>, check: string) => rows.find((r) => r.check === check);

describe("preflight checks", () => {
  it("a plan the account can carry passes every row", () => {
    const rows = runChecks(plan(), reads());
    expect(failed(rows)).toEqual([]);
    expect(warned(rows)).toEqual([]);
    expect(detail(rows, "capacity: Standard")!.detail).toBe(
      "40 of 100 used (U.Standard), 60 free; this plan asks m 10: 10 more beyond the 0 its deployments hold",
    );
  });

  it("a model missing from the list, or with fineTune false, or without the method, fails naming the region", () => {
    const none = runChecks(
      plan({ trainings: [{ key: "m", baseModel: "gpt-9", method: "supervised", trainingType: "Standard" }] }),
      reads(),
    );
    expect(detail(none, "training: m")).toMatchObject({
      result: "fail",
      detail: "gpt-9 is not in the account's model list in swedencentral: it cannot be fine-tuned there",
    });
    const off = reads({
      models: ok([{ id: base, capabilities: { fineTune: "false" }, finetuneCapabilities: {}, skus: [] }]),
    });
    expect(detail(runChecks(plan(), off), "training: m")!.detail).toBe(
      `${base} cannot be fine-tuned in swedencentral (the account's model list says fineTune: false)`,
    );
    const dpo = plan({
      trainings: [
        { key: "m", baseModel: base, method: "dpo", trainingType: "GlobalStandard", source: "model x of this stack" },
      ],
    });
    const sftOnly = reads({
      models: ok([
        { id: base, capabilities: { fineTune: "true" }, finetuneCapabilities: { methods: "supervised" }, skus: [] },
      ]),
    });
    expect(detail(runChecks(dpo, sftOnly), "training: m")!.detail).toBe(
      `${base} (the base of model x of this stack) is not fine-tuned with dpo in swedencentral; the account's model list offers supervised`,
    );
  });

  it("a fine-tuned model named as the base must be a model of the account", () => {
    const id = `${base}.ft-abc-x`;
    const p = plan({
      trainings: [{ key: "m", baseModel: base, source: id, method: "supervised", trainingType: "GlobalStandard" }],
    });
    const missing: Read<string> = {
      ok: false,
      kind: "missing",
      status: 404,
      code: "notFound",
      message: "no",
      evidence: `GET models/${id}: 404 notFound`,
    };
    expect(detail(runChecks(p, reads({ sources: { [id]: missing } })), "training: m")!.detail).toBe(
      `${id} is not a model of account a in swedencentral: it cannot be trained further there`,
    );
    expect(detail(runChecks(p, reads({ sources: { [id]: ok(id) } })), "training: m")!.result).toBe("pass");
  });

  it("without tiers in the model list, the table decides (Standard and global training each only in their regions), and without either it warns", () => {
    const bare = reads({
      models: ok([{ id: base, capabilities: { fineTune: "true" }, finetuneCapabilities: {}, skus: [] }]),
      location: ok("eastus2"),
    });
    const standard = plan({
      trainings: [{ key: "m", baseModel: base, method: "supervised", trainingType: "Standard" }],
    });
    const table = () => ({
      training: ["Standard" as const, "GlobalStandard" as const],
      standardRegions: ["Sweden Central"],
      globalRegions: ["East US2"],
    });
    expect(detail(runChecks(standard, bare, table), "training: m")!.detail).toBe(
      `${base} cannot be fine-tuned on Standard in eastus2; the model table offers GlobalStandard`,
    );
    expect(detail(runChecks(standard, bare), "training: m")!.result).toBe("warn");
    const global = plan({
      trainings: [{ key: "m", baseModel: base, method: "supervised", trainingType: "GlobalStandard" }],
    });
    const westus2 = { ...bare, location: ok("westus2") };
    expect(detail(runChecks(global, westus2, table), "training: m")!.detail).toBe(
      `${base} cannot be fine-tuned on GlobalStandard in westus2; the model table offers no tier`,
    );
  });

  it("the shipped table: gpt-4o-mini trains on GlobalStandard in a global-training region, on Standard only in its own regions", () => {
    const mini = "gpt-4o-mini-2024-07-18";
    const listed = (region: string) =>
      reads({
        models: ok([{ id: mini, capabilities: { fineTune: "true" }, finetuneCapabilities: {}, skus: [] }]),
        location: ok(region),
      });
    const training = (trainingType: string) =>
      plan({ trainings: [{ key: "m", baseModel: mini, method: "supervised", trainingType }], deployments: [] });
    expect(detail(runChecks(training("GlobalStandard"), listed("eastus"), modelTiers), "training: m")).toMatchObject({
      result: "pass",
      detail: `${mini} can be fine-tuned with supervised on GlobalStandard in eastus (the model table: GlobalStandard, Developer)`,
    });
    expect(detail(runChecks(training("Standard"), listed("eastus"), modelTiers), "training: m")!.result).toBe("fail");
    expect(detail(runChecks(training("Standard"), listed("Sweden Central"), modelTiers), "training: m")!.result).toBe(
      "pass",
    );
    expect(detail(runChecks(training("GlobalStandard"), listed("westus2"), modelTiers), "training: m")!.result).toBe(
      "fail",
    );
    // Poland Central trains globally, but not gpt-4.1-nano.
    const nano = "gpt-4.1-nano-2025-04-14";
    const poland = reads({
      models: ok([{ id: nano, capabilities: { fineTune: "true" }, finetuneCapabilities: {}, skus: [] }]),
      location: ok("polandcentral"),
    });
    expect(
      detail(
        runChecks(
          plan({
            trainings: [{ key: "m", baseModel: nano, method: "supervised", trainingType: "GlobalStandard" }],
            deployments: [],
          }),
          poland,
          modelTiers,
        ),
        "training: m",
      )!.result,
    ).toBe("fail");
  });

  it("counts the deployments the plan keeps, and refuses one too many with the figures", () => {
    const nine = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "m-0123abcd"].map((name) => ({
      name,
      model: `${base}.ft-1`,
      sku: "Standard",
      capacity: 10,
    }));
    const two = plan({
      deployments: [
        { key: "m", name: "m", sku: "Standard", capacity: 10 },
        { key: "n", name: "n", sku: "Standard", capacity: 1 },
      ],
    });
    expect(detail(runChecks(two, reads({ deployments: ok(nine) })), "deployments: count")).toMatchObject({
      result: "pass",
      detail: "9 of 10 fine-tuned deployments used, 1 free; this plan keeps 1 and adds 1",
    });
    const ten = [...nine, { name: "x9", model: `${base}.ft-2`, sku: "Standard", capacity: 1 }];
    expect(detail(runChecks(two, reads({ deployments: ok(ten) })), "deployments: count")!.detail).toBe(
      "account a has no room: 10 of 10 fine-tuned deployments used, 0 free; this plan keeps 1 and adds 1 (1 too many)",
    );
    expect(keptDeployment(ten, "m")?.name).toBe("m-0123abcd");
    expect(keptDeployment(ten, "x")).toBeUndefined();
  });

  it("files: the account's fine-tuning files count, an upload already there adds nothing, and past 100 files or 1 GB the plan is refused with figures", () => {
    const uploads = [
      { key: "m training", file: "train.jsonl", bytes: 300_000_000, sha256: TRAIN_SHA },
      { key: "m validation", file: "valid.jsonl", bytes: 50_000_000, sha256: "bb".repeat(32) },
    ];
    const withFiles = (files: { filename: string; bytes: number }[]) => reads({ files: ok(files, "GET files: 200") });
    const fits = runChecks(
      plan({ uploads }),
      withFiles([{ filename: "other.0123456789abcdef.jsonl", bytes: 600_000_000 }]),
    );
    expect(detail(fits, "files")).toMatchObject({
      result: "pass",
      detail:
        "1 of 100 files (600.0 MB of 1000.0 MB) in the account; this plan uploads 2 (350.0 MB: m training 300.0 MB, m validation 50.0 MB) and keeps 0",
    });
    const full = runChecks(
      plan({ uploads }),
      withFiles([{ filename: "other.0123456789abcdef.jsonl", bytes: 700_000_000 }]),
    );
    expect(detail(full, "files")).toMatchObject({
      result: "fail",
      detail:
        "account a has no room for the plan's files: 1 of 100 files (700.0 MB of 1000.0 MB) in the account; this plan uploads 2 (350.0 MB: m training 300.0 MB, m validation 50.0 MB) and keeps 0 (50.0 MB too much)",
    });
    // The training file is already there (its upload name and size): only the validation file is added.
    const kept = runChecks(
      plan({ uploads }),
      withFiles([
        { filename: uploadName({ path: "train.jsonl", sha256: TRAIN_SHA }), bytes: 300_000_000 },
        { filename: "x.0123456789abcdef.jsonl", bytes: 600_000_000 },
      ]),
    );
    expect(detail(kept, "files")!.result).toBe("pass");
    expect(detail(kept, "files")!.detail).toContain("this plan uploads 1 (50.0 MB: m validation 50.0 MB) and keeps 1");
    const hundred = Array.from({ length: 99 }, (_, i) => ({ filename: `f${i}.0123456789abcdef.jsonl`, bytes: 1000 }));
    expect(detail(runChecks(plan({ uploads: [uploads[1]!] }), withFiles(hundred)), "files")!.result).toBe("pass");
    expect(detail(runChecks(plan({ uploads }), withFiles(hundred)), "files")!.detail).toContain("(1 file(s) too many)");
    // A URL not read has no size: a warning, never a silent pass.
    expect(
      detail(runChecks(plan({ uploads: [{ key: "m training", file: "train.jsonl" }] }), withFiles([])), "files")!
        .result,
    ).toBe("warn");
    expect(detail(runChecks(plan(), withFiles([])), "files")).toBeUndefined();
  });

  it("files: models on the same bytes upload them once, and a copy is known by its bytes, not its name's stem", () => {
    const withFiles = (files: { filename: string; bytes: number }[]) => reads({ files: ok(files, "GET files: 200") });
    const shared = Array.from({ length: 100 }, (_, i) => ({
      key: `m${i} training`,
      file: "train.jsonl",
      bytes: 1000,
      sha256: TRAIN_SHA,
    }));
    // 100 models on one dataset: one upload, so an account with 99 files has room for it.
    const ninetyNine = Array.from({ length: 99 }, (_, i) => ({
      filename: uploadName({ path: `f${i}.jsonl`, sha256: i.toString(16).padStart(64, "0") }),
      bytes: 1000,
    }));
    expect(detail(runChecks(plan({ uploads: shared }), withFiles(ninetyNine)), "files")).toMatchObject({
      result: "pass",
      detail: expect.stringContaining("this plan uploads 1 (0.0 MB: m0 training 0.0 MB) and keeps 0"),
    });
    // Already there under another stem (a renamed file, another stack's): nothing to upload.
    const renamed = [{ filename: uploadName({ path: "old-name.jsonl", sha256: TRAIN_SHA }), bytes: 1000 }];
    expect(detail(runChecks(plan({ uploads: shared }), withFiles(renamed)), "files")!.detail).toContain(
      "this plan uploads 0 (0.0 MB) and keeps 1",
    );
    // The same hash at another size, or a name this program does not give, is not the plan's copy.
    const notOurs = [
      { filename: uploadName({ path: "train.jsonl", sha256: TRAIN_SHA }), bytes: 999 },
      { filename: `train.${TRAIN_SHA.slice(0, 16)}.jsonl`, bytes: 1000 },
    ];
    expect(detail(runChecks(plan({ uploads: shared }), withFiles(notOurs)), "files")!.detail).toContain(
      "this plan uploads 1",
    );
  });

  it("regional PTU of a fine-tuned model only in the regions the deployment page lists", () => {
    const ptu = (baseModel: string) =>
      plan({
        trainings: [],
        deployments: [{ key: "m", name: "m", sku: "ProvisionedManaged", capacity: 50, baseModel }],
      });
    const at = (region: string) => reads({ location: ok(region), usages: ok([]) });
    expect(detail(runChecks(ptu("gpt-4.1-2025-04-14"), at("swedencentral"), modelTiers), "deployment: m")!.result).toBe(
      "pass",
    );
    expect(
      detail(runChecks(ptu("gpt-4.1-2025-04-14"), at("northcentralus"), modelTiers), "deployment: m")!.detail,
    ).toBe(
      "ProvisionedManaged of models fine-tuned from gpt-4.1-2025-04-14 is offered only in Sweden Central; account a is in northcentralus",
    );
    expect(
      detail(runChecks(ptu("gpt-4o-mini-2024-07-18"), at("North Central US"), modelTiers), "deployment: m")!.result,
    ).toBe("pass");
    expect(detail(runChecks(ptu("gpt-4o-mini-2024-07-18"), at("eastus2"), modelTiers), "deployment: m")!.result).toBe(
      "fail",
    );
    expect(detail(runChecks(plan(), reads(), modelTiers), "deployment: m")).toBeUndefined(); // Standard: no region rule
  });

  it("capacity: among a region's usages of one sku, the one named after the base model (dated or not) counts", () => {
    const noUsageName = ok([
      { id: base, capabilities: { fineTune: "true" }, finetuneCapabilities: {}, skus: [{ name: "Standard" }] },
    ]);
    const regionUsages = ok([
      { name: "OpenAI.Standard.gpt-4o", currentValue: 0, limit: 1000 },
      { name: "OpenAI.Standard.gpt-4.1-mini", currentValue: 95, limit: 100 },
    ]);
    const rows = runChecks(plan(), reads({ models: noUsageName, usages: regionUsages }));
    expect(detail(rows, "capacity: Standard")).toMatchObject({ result: "fail" });
    expect(detail(rows, "capacity: Standard")!.detail).toContain("95 of 100 used (OpenAI.Standard.gpt-4.1-mini)");
    const neither = ok([
      { name: "OpenAI.Standard.gpt-4o", currentValue: 0, limit: 1000 },
      { name: "OpenAI.Standard.gpt-4o-mini", currentValue: 0, limit: 1000 },
    ]);
    expect(detail(runChecks(plan(), reads({ models: noUsageName, usages: neither })), "capacity")!.result).toBe("warn");
  });

  it("capacity: a kept deployment's own capacity counts as held; another sku needs it all", () => {
    const held = reads({
      deployments: ok([{ name: "m-0123abcd", model: `${base}.ft-1`, sku: "Standard", capacity: 40 }]),
      usages: ok([{ name: "U.Standard", currentValue: 90, limit: 100 }]),
    });
    expect(
      detail(
        runChecks(
          plan({ deployments: [{ key: "m", name: "m", sku: "Standard", capacity: 50, baseModel: base }] }),
          held,
        ),
        "capacity: Standard",
      )!.result,
    ).toBe("pass");
    expect(
      detail(
        runChecks(
          plan({ deployments: [{ key: "m", name: "m", sku: "Standard", capacity: 51, baseModel: base }] }),
          held,
        ),
        "capacity: Standard",
      )!.detail,
    ).toBe(
      "not enough Standard capacity on account a: 90 of 100 used (U.Standard), 10 free; this plan asks m 51: 11 more beyond the 40 its deployments hold",
    );
    const noUsage = runChecks(
      plan({ deployments: [{ key: "m", name: "m", sku: "GlobalProvisionedManaged", capacity: 15 }] }),
      held,
    );
    expect(detail(noUsage, "capacity")).toMatchObject({
      result: "warn",
      detail: "no usage figure for m (GlobalProvisionedManaged): capacity not checked",
    });
  });

  it("identity: a 403 names the role; roles lacking the deployment write fail; a token's data actions are checked, a key's are not", () => {
    const denied: Read<number> = {
      ok: false,
      kind: "denied",
      status: 403,
      code: "PermissionDenied",
      message: "no",
      evidence: "GET jobs: 403 PermissionDenied",
    };
    expect(detail(runChecks(plan(), reads({ dataPlane: denied })), "identity: data plane")!.detail).toBe(
      "the identity may not use the account's data plane (PermissionDenied: no); it needs Cognitive Services OpenAI Contributor or Azure AI User on account a",
    );
    const readOnly = ok([{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }]);
    expect(detail(runChecks(plan(), reads({ permissions: readOnly })), "identity: roles")!.detail).toContain(
      "do not allow Microsoft.CognitiveServices/accounts/deployments/write",
    );
    const bearer = runChecks(plan({ deployments: [] }), reads({ permissions: readOnly, dataPlaneAuth: "bearer" }));
    expect(detail(bearer, "identity: roles")!.detail).toContain(
      "Microsoft.CognitiveServices/accounts/OpenAI/files/write (Cognitive Services OpenAI Contributor or Azure AI User)",
    );
    expect(failed(runChecks(plan({ deployments: [] }), reads({ permissions: readOnly })))).toEqual([]);
    const timeout: Read<never> = {
      ok: false,
      kind: "unavailable",
      message: "no answer after 15 s",
      evidence: "GET perms: TIMEOUT",
    };
    expect(detail(runChecks(plan(), reads({ permissions: timeout })), "identity: roles")).toMatchObject({
      result: "warn",
    });
    expect(
      actionMatches("Microsoft.CognitiveServices/*", "microsoft.cognitiveservices/accounts/deployments/write"),
    ).toBe(true);
    expect(actionMatches("*/read", "Microsoft.CognitiveServices/accounts/deployments/write")).toBe(false);
  });

  it("identity through a project: data actions come from the project's scope, the deployment write from the account's", () => {
    const deployerOnly = ok(
      [
        {
          actions: ["Microsoft.CognitiveServices/accounts/deployments/*"],
          notActions: [],
          dataActions: [],
          notDataActions: [],
        },
      ],
      "GET acct perms: 200",
    );
    const aiUser = ok(
      [
        {
          actions: ["Microsoft.CognitiveServices/*/read"],
          notActions: [],
          dataActions: ["Microsoft.CognitiveServices/*"],
          notDataActions: [],
        },
      ],
      "GET proj perms: 200",
    );
    const bearer = (project: PreflightReads["project"]) =>
      runChecks(plan(), reads({ permissions: deployerOnly, dataPlaneAuth: "bearer", ...(project ? { project } : {}) }));
    expect(detail(bearer({ name: "p1", permissions: aiUser }), "identity: roles")).toEqual({
      check: "identity: roles",
      result: "pass",
      detail: "may write deployments, may upload and train through project p1",
      evidence: "GET acct perms: 200; GET proj perms: 200",
    });
    expect(detail(bearer(undefined), "identity: roles")!.result).toBe("fail");
    expect(detail(bearer({ name: "p1", permissions: deployerOnly }), "identity: roles")!.detail).toBe(
      "the identity's roles on account a do not allow Microsoft.CognitiveServices/accounts/OpenAI/files/write on project p1 of account a (Foundry User, formerly Azure AI User (or Foundry Owner)); " +
        "Microsoft.CognitiveServices/accounts/OpenAI/fine-tunes/write on project p1 of account a (Foundry User, formerly Azure AI User (or Foundry Owner))",
    );
    const timeout: Read<never> = {
      ok: false,
      kind: "unavailable",
      message: "no answer after 15 s",
      evidence: "GET proj perms: TIMEOUT",
    };
    expect(detail(bearer({ name: "p1", permissions: timeout }), "identity: roles")).toMatchObject({
      result: "warn",
      detail: "could not check the identity's roles on project p1 of account a: no answer after 15 s",
    });
    const denied: Read<number> = {
      ok: false,
      kind: "denied",
      status: 403,
      code: "PermissionDenied",
      message: "no",
      evidence: "GET jobs: 403",
    };
    expect(
      detail(
        runChecks(plan(), reads({ dataPlane: denied, project: { name: "p1", permissions: aiUser } })),
        "identity: data plane",
      )!.detail,
    ).toBe(
      "the identity may not use project p1's data plane (PermissionDenied: no); it needs Foundry User, formerly Azure AI User (or Foundry Owner) on project p1 of account a",
    );
  });
});

describe("preflight plan and cache key", () => {
  const config = parseStackConfig({
    account: { name: "dev" },
    models: {
      a: { baseModel: base, trainingFile: "d.jsonl", deployment: { name: "aa", capacity: 2 } },
      b: { baseModel: { from: "a" }, trainingFile: "p.jsonl", method: { type: "dpo" }, trainingType: "GlobalStandard" },
    },
  });
  it("continuous fine-tuning checks the root base; deployments carry sku and capacity", () => {
    const p = preflightPlan(config);
    expect(p.trainings).toEqual([
      { key: "a", baseModel: base, method: "supervised", trainingType: "GlobalStandard" },
      { key: "b", baseModel: base, source: "model a of this stack", method: "dpo", trainingType: "GlobalStandard" },
    ]);
    expect(p.deployments).toEqual([{ key: "a", name: "aa", sku: "Standard", capacity: 2, baseModel: base }]);
  });
  it("the cache key changes with the plan and the caller, never holds the key itself", () => {
    const p = preflightPlan(config);
    const k1 = preflightCacheKey(config, p, { FOUNDRY_API_KEY: "secret-1" });
    expect(k1).toBe(preflightCacheKey(config, p, { FOUNDRY_API_KEY: "secret-1" }));
    expect(k1).not.toBe(preflightCacheKey(config, p, { FOUNDRY_API_KEY: "secret-2" }));
    expect(k1).not.toBe(preflightCacheKey(config, { ...p, deployments: [] }, { FOUNDRY_API_KEY: "secret-1" }));
    expect(k1).not.toContain("secret");
  });
});
