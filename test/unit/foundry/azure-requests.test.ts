// What the Azure target sends, byte for byte where it matters: URLs, api-versions, token scopes, auth
// headers and JSON bodies. Each test names the spec operation it exercises: [DATED] = data-plane
// azureopenai.json 2025-04-01-preview, [V1] = azure-v1-v1-generated.yaml, [ARM] = Microsoft.CognitiveServices
// (Azure/azure-rest-api-specs), so a change of surface is one reviewed diff here. Nothing leaves the process:
// openai gets a recording fetch, the Azure SDK a recording HttpClient, and the credential records which scopes
// were asked for.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmHttpClient } from "../../../foundry/control-plane";
import { type ConnectOptions, connect } from "../../../foundry/index";
import { azureTarget, type FoundryTarget } from "../../../foundry/target";

const SUB = "00000000-1111-2222-3333-444444444444";
const ACCOUNT = "contoso-ft";
const DATA = `https://${ACCOUNT}.openai.azure.com/openai`;
const V = "api-version=2025-04-01-preview";
const ARM = `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.CognitiveServices/accounts/${ACCOUNT}`;

interface Recorded {
  method: string;
  url: string;
  authorization: string | null;
  apiKey: string | null;
  contentType: string | null;
  body: string | undefined;
}

class RecordingCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    this.scopes.push(...list);
    const token = list[0]?.includes("management") ? "arm-token" : "data-token";
    return { token, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** openai's fetch seam: records the request, answers from `reply`. */
function recordingFetch(log: Recorded[], reply: (method: string, url: string) => Reply) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? init.body : undefined;
    log.push({
      method,
      url,
      authorization: headers.get("authorization"),
      apiKey: headers.get("api-key"),
      contentType: headers.get("content-type"),
      body,
    });
    const { status, body: payload, headers: replyHeaders } = reply(method, url);
    return new Response(payload === undefined ? null : JSON.stringify(payload), {
      status,
      headers: { "content-type": "application/json", ...replyHeaders },
    });
  };
}

/** A minimal HttpHeaders for canned Azure responses. */
function armHeaders(values: Record<string, string>) {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    get: (name: string) => map.get(name.toLowerCase()),
    has: (name: string) => map.has(name.toLowerCase()),
    set: (name: string, value: string | number | boolean) => void map.set(name.toLowerCase(), String(value)),
    delete: (name: string) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

/** The Azure SDK's HttpClient seam. */
function recordingHttpClient(log: Recorded[], reply: (method: string, url: string) => Reply): ArmHttpClient {
  return {
    async sendRequest(request) {
      const body = typeof request.body === "string" ? request.body : undefined;
      log.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.get("authorization") ?? null,
        apiKey: request.headers.get("api-key") ?? null,
        contentType: request.headers.get("content-type") ?? null,
        body,
      });
      const answer = reply(request.method, request.url);
      return {
        request,
        status: answer.status,
        headers: armHeaders({ "content-type": "application/json", ...answer.headers }) as never,
        ...(answer.body === undefined ? {} : { bodyAsText: JSON.stringify(answer.body) }),
      };
    },
  };
}

const target: FoundryTarget = azureTarget({ subscriptionId: SUB, resourceGroup: "rg-ml", accountName: ACCOUNT });
const jobBody = {
  id: "ftjob-abc",
  object: "fine_tuning.job",
  status: "pending",
  model: "gpt-4.1-mini-2025-04-14",
  created_at: 1,
  metadata: {},
};
const fileBody = {
  id: "file-abc",
  object: "file",
  status: "processed",
  filename: "train.jsonl",
  purpose: "fine-tune",
  bytes: 10,
  created_at: 1,
};
const deployment = (state: string, capacity = 1) => ({
  id: `${ARM}/deployments/clippy`,
  name: "clippy",
  sku: { name: "Standard", capacity },
  properties: {
    model: { format: "OpenAI", name: "gpt-4.1-mini-2025-04-14.ft-abc", version: "1" },
    provisioningState: state,
  },
});

function dataReply(method: string, url: string): Reply {
  const path = new URL(url).pathname;
  if (path.endsWith("/files") && method === "POST") return { status: 201, body: { ...fileBody, status: "pending" } };
  if (path.endsWith("/content")) return { status: 200, body: { step: 1 } };
  if (path.includes("/files/")) return { status: 200, body: fileBody };
  if (path.endsWith("/fine_tuning/jobs") && method === "POST") return { status: 201, body: jobBody };
  if (path.endsWith("/events") || path.endsWith("/checkpoints"))
    return { status: 200, body: { object: "list", data: [], has_more: false } };
  if (path.includes("/models/")) return { status: 200, body: { id: "m.ft-abc", object: "model", created_at: 1 } };
  if (path.endsWith("/fine_tuning/jobs"))
    return { status: 200, body: { object: "list", data: [jobBody], has_more: false } };
  if (path.includes("/chat/completions")) {
    return {
      status: 200,
      body: {
        id: "c1",
        object: "chat.completion",
        created: 1,
        model: "m",
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Obviously." } }],
      },
    };
  }
  return { status: 200, body: jobBody };
}

let dir: string;
let trainingPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "foundry-azure-requests-"));
  trainingPath = join(dir, "train.jsonl");
  await writeFile(
    trainingPath,
    '\uFEFF{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Wow."}]}\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function connectAzure(options: Partial<ConnectOptions> & { armReply?: (method: string, url: string) => Reply } = {}) {
  const dataLog: Recorded[] = [];
  const armLog: Recorded[] = [];
  const credential = new RecordingCredential();
  const { armReply, ...rest } = options;
  const connection = connect(target, {
    credential,
    env: {},
    fetch: recordingFetch(dataLog, dataReply),
    httpClient: recordingHttpClient(armLog, armReply ?? (() => ({ status: 200, body: deployment("Succeeded") }))),
    pollIntervalMs: 1,
    retry: { sleep: async () => {} },
    ...rest,
  });
  return { ...connection, dataLog, armLog, credential };
}

describe("Azure data plane (dated form, Entra ID)", () => {
  it("uploads to /openai/files with the api-version, a bearer token for the Cognitive Services scope, and no api-key", async () => {
    const { data, dataLog, credential } = connectAzure();
    const file = await data.uploadFile(trainingPath);
    expect(file.id).toBe("file-abc");
    expect(dataLog).toHaveLength(1);
    expect(dataLog[0]).toMatchObject({
      method: "POST",
      url: `${DATA}/files?${V}`,
      authorization: "Bearer data-token",
      apiKey: null,
    });
    expect(dataLog[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(credential.scopes).toEqual(["https://cognitiveservices.azure.com/.default"]);
  });

  it("[DATED] FineTuning_Create: FineTuningJobCreation's top-level hyperparameters, method {type} only, trainingType top-level", async () => {
    const { data, dataLog } = connectAzure();
    await data.createJob({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      validation_file: "file-valid",
      suffix: "clippy",
      seed: 105,
      method: {
        type: "supervised",
        supervised: { hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: 1 } },
      },
      metadata: { "pulumi-identity": "abc" },
      trainingType: "GlobalStandard",
    });
    expect(dataLog[0]).toMatchObject({
      method: "POST",
      url: `${DATA}/fine_tuning/jobs?${V}`,
      contentType: "application/json",
    });
    expect(JSON.parse(dataLog[0]?.body ?? "")).toEqual({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      validation_file: "file-valid",
      suffix: "clippy",
      seed: 105,
      // SupervisedMethodRequest has only `type`; FineTuningHyperParameters sits at the top level.
      method: { type: "supervised" },
      hyperparameters: { n_epochs: 3, batch_size: "auto", learning_rate_multiplier: 1 },
      // Not in FineTuningJobCreation: sent in case the service keeps it; adoption does not rely on it.
      metadata: { "pulumi-identity": "abc" },
      trainingType: "GlobalStandard",
    });
  });

  it("[DATED] FineTuning_Create with DPO: DpoMethodConfigRequest carries dpo.hyperparameters (beta, l2_multiplier)", async () => {
    const { data, dataLog } = connectAzure();
    const method = { type: "dpo" as const, dpo: { hyperparameters: { n_epochs: 2, beta: 0.1, l2_multiplier: 0.01 } } };
    await data.createJob({ model: "gpt-4.1-mini-2025-04-14", training_file: "file-pairs", method } as never);
    expect(JSON.parse(dataLog[0]?.body ?? "")).toEqual({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-pairs",
      method,
    });
  });

  it("sends no trainingType when none is asked for", async () => {
    const { data, dataLog } = connectAzure();
    await data.createJob({ model: "gpt-4.1-mini-2025-04-14", training_file: "file-train" });
    expect(JSON.parse(dataLog[0]?.body ?? "")).toEqual({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
    });
  });

  it("[DATED] FineTuning_Get/_Cancel/_Pause/_Resume/_List/_GetEvents/_GetCheckpoints, Files_Get/_Delete/_GetContent, models: under /openai with the api-version", async () => {
    const { data, dataLog } = connectAzure();
    await data.getJob("ftjob-abc");
    await data.cancelJob("ftjob-abc");
    await data.pauseJob("ftjob-abc");
    await data.resumeJob("ftjob-abc");
    await data.getFile("file-abc");
    await data.deleteFile("file-abc");
    await data.listAllJobs();
    await data.listNewEvents("ftjob-abc", new Set());
    await data.listCheckpoints("ftjob-abc");
    await data.getModel("m.ft-abc");
    const download = await data.downloadFile("file-results", join(dir, "results.csv"));
    expect(download.bytes).toBe(JSON.stringify({ step: 1 }).length);
    expect(dataLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${DATA}/fine_tuning/jobs/ftjob-abc?${V}`,
      `POST ${DATA}/fine_tuning/jobs/ftjob-abc/cancel?${V}`,
      `POST ${DATA}/fine_tuning/jobs/ftjob-abc/pause?${V}`,
      `POST ${DATA}/fine_tuning/jobs/ftjob-abc/resume?${V}`,
      `GET ${DATA}/files/file-abc?${V}`,
      `DELETE ${DATA}/files/file-abc?${V}`,
      `GET ${DATA}/fine_tuning/jobs?${V}&limit=100`,
      `GET ${DATA}/fine_tuning/jobs/ftjob-abc/events?${V}&limit=50`,
      `GET ${DATA}/fine_tuning/jobs/ftjob-abc/checkpoints?${V}&limit=100`,
      `GET ${DATA}/models/m.ft-abc?${V}`,
      `GET ${DATA}/files/file-results/content?${V}`,
    ]);
    expect(dataLog.every((r) => r.authorization === "Bearer data-token" && r.apiKey === null)).toBe(true);
  });

  it("[DATED] FineTuning_GetEvents: reads newest first and stops at the first event already seen", async () => {
    const dataLog: Recorded[] = [];
    const page = (ids: string[], more: boolean) => ({
      object: "list",
      has_more: more,
      data: ids.map((id) => ({
        id,
        object: "fine_tuning.job.event",
        created_at: 1,
        level: "info",
        message: id,
        type: "message",
      })),
    });
    const data = connect(target, {
      credential: new RecordingCredential(),
      env: {},
      fetch: recordingFetch(dataLog, (_m, url) => ({
        status: 200,
        body: new URL(url).searchParams.get("after") === "e4" ? page(["e3", "e2"], true) : page(["e5", "e4"], true),
      })),
    }).data;
    expect((await data.listNewEvents("ftjob-abc", new Set(["e2", "e1"]))).map((e) => e.id)).toEqual(["e5", "e4", "e3"]);
    expect(dataLog.map((r) => r.url)).toEqual([
      `${DATA}/fine_tuning/jobs/ftjob-abc/events?${V}&limit=50`,
      `${DATA}/fine_tuning/jobs/ftjob-abc/events?${V}&limit=50&after=e4`,
    ]);
    expect((await data.listNewEvents("ftjob-abc", new Set())).map((e) => e.id)).toEqual(["e5", "e4"]); // nothing seen: the newest page only
  });

  it("chat after a new deployment waits out 404 DeploymentNotFound, and only that", async () => {
    const dataLog: Recorded[] = [];
    let calls = 0;
    const notYet = {
      status: 404,
      body: {
        error: {
          code: "DeploymentNotFound",
          message: "If you created the deployment within the last 5 minutes, please wait a moment and try again.",
        },
      },
    };
    const data = connect(target, {
      credential: new RecordingCredential(),
      env: {},
      retry: { sleep: async () => {} },
      fetch: recordingFetch(dataLog, (m, url) => (++calls <= 2 ? notYet : dataReply(m, url))),
    }).data;
    const reply = await data.chatWhenServing("clippy", [{ role: "user", content: "hi" }], {}, { pollMs: 1 });
    expect(reply.choices[0]?.message.content).toBe("Obviously.");
    expect(dataLog).toHaveLength(3);
    const other = connect(target, {
      credential: new RecordingCredential(),
      env: {},
      fetch: recordingFetch([], () => ({ status: 400, body: { error: { code: "invalidPayload", message: "bad" } } })),
    }).data;
    await expect(
      other.chatWhenServing("clippy", [{ role: "user", content: "hi" }], {}, { pollMs: 1 }),
    ).rejects.toMatchObject({ code: "invalidPayload" });
  });

  it("puts the deployment in the path for chat", async () => {
    const { data, dataLog } = connectAzure();
    const reply = await data.chat("clippy", [{ role: "user", content: "Is water wet?" }]);
    expect(reply.choices[0]?.message.content).toBe("Obviously.");
    expect(dataLog[0]?.url).toBe(`${DATA}/deployments/clippy/chat/completions?${V}`);
    expect(JSON.parse(dataLog[0]?.body ?? "")).toEqual({
      model: "clippy",
      messages: [{ role: "user", content: "Is water wet?" }],
      stream: false,
    });
  });
});

describe("Azure data plane with an API key", () => {
  it("uses AZURE_OPENAI_API_KEY as the api-key header, never a bearer token, and asks for no data-plane token", async () => {
    const { data, dataLog, credential } = connectAzure({ env: { AZURE_OPENAI_API_KEY: "secret-key" } });
    await data.getJob("ftjob-abc");
    expect(dataLog[0]).toMatchObject({
      url: `${DATA}/fine_tuning/jobs/ftjob-abc?${V}`,
      apiKey: "secret-key",
      authorization: null,
    });
    expect(credential.scopes).toEqual([]);
  });
});

describe("Azure data plane, v1 form", () => {
  it("[V1] createFineTuningJob: method.supervised.hyperparameters and metadata, as the v1 schema defines them", async () => {
    const dataLog: Recorded[] = [];
    const v1 = connect(
      { ...target, dataPlaneForm: "v1" },
      { credential: new RecordingCredential(), env: {}, fetch: recordingFetch(dataLog, dataReply) },
    );
    const method = { type: "supervised" as const, supervised: { hyperparameters: { n_epochs: 3 } } };
    await v1.data.createJob({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      seed: 1,
      method,
      metadata: { "pulumi-identity": "abc" },
      trainingType: "GlobalStandard",
    });
    expect(dataLog[0]).toMatchObject({
      method: "POST",
      url: `https://${ACCOUNT}.openai.azure.com/openai/v1/fine_tuning/jobs`,
    });
    expect(JSON.parse(dataLog[0]?.body ?? "")).toEqual({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      seed: 1,
      method,
      metadata: { "pulumi-identity": "abc" },
      trainingType: "GlobalStandard",
    });
  });

  it("[V1] retrieveFineTuningJob, listPaginatedFineTuningJobs, cancelFineTuningJob, listFineTuningEvents, listFineTuningJobCheckpoints, retrieveModel: paths under /openai/v1, no api-version", async () => {
    const dataLog: Recorded[] = [];
    const v1 = connect(
      { ...target, dataPlaneForm: "v1" },
      { credential: new RecordingCredential(), env: {}, fetch: recordingFetch(dataLog, dataReply) },
    );
    await v1.data.getJob("ftjob-abc");
    await v1.data.listAllJobs();
    await v1.data.cancelJob("ftjob-abc");
    await v1.data.listNewEvents("ftjob-abc", new Set());
    await v1.data.listCheckpoints("ftjob-abc");
    await v1.data.getModel("m.ft-abc");
    const base = `https://${ACCOUNT}.openai.azure.com/openai/v1`;
    expect(dataLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${base}/fine_tuning/jobs/ftjob-abc`,
      `GET ${base}/fine_tuning/jobs?limit=100`,
      `POST ${base}/fine_tuning/jobs/ftjob-abc/cancel`,
      `GET ${base}/fine_tuning/jobs/ftjob-abc/events?limit=50`,
      `GET ${base}/fine_tuning/jobs/ftjob-abc/checkpoints?limit=100`,
      `GET ${base}/models/m.ft-abc`,
    ]);
  });

  it("uses /openai/v1 without api-version, with a bearer token for the same scope", async () => {
    const dataLog: Recorded[] = [];
    const credential = new RecordingCredential();
    const v1 = connect(
      { ...target, dataPlaneForm: "v1" },
      { credential, env: {}, fetch: recordingFetch(dataLog, dataReply), retry: { sleep: async () => {} } },
    );
    await v1.data.createJob({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      trainingType: "Developer",
    });
    await v1.data.chat("clippy", [{ role: "user", content: "hi" }]);
    expect(dataLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST https://${ACCOUNT}.openai.azure.com/openai/v1/fine_tuning/jobs`,
      `POST https://${ACCOUNT}.openai.azure.com/openai/v1/chat/completions`,
    ]);
    expect(JSON.parse(dataLog[0]?.body ?? "").trainingType).toBe("developerTier");
    expect(JSON.parse(dataLog[1]?.body ?? "").model).toBe("clippy");
    expect(dataLog.every((r) => r.authorization === "Bearer data-token" && r.apiKey === null)).toBe(true);
    expect(new Set(credential.scopes)).toEqual(new Set(["https://cognitiveservices.azure.com/.default"]));
  });

  it("sends a key as api-key only", async () => {
    const dataLog: Recorded[] = [];
    const v1 = connect(
      { ...target, dataPlaneForm: "v1" },
      { apiKey: "k-1", credential: new RecordingCredential(), env: {}, fetch: recordingFetch(dataLog, dataReply) },
    );
    await v1.data.getJob("ftjob-abc");
    expect(dataLog[0]).toMatchObject({
      url: `https://${ACCOUNT}.openai.azure.com/openai/v1/fine_tuning/jobs/ftjob-abc`,
      apiKey: "k-1",
      authorization: null,
    });
  });
});

describe("Azure control plane (ARM)", () => {
  it("[ARM] Deployments_CreateOrUpdate: PUTs the deployment body with api-version 2024-10-01 and an ARM-scoped token, then follows Azure-AsyncOperation", async () => {
    const operation =
      "https://management.azure.com/subscriptions/x/providers/Microsoft.CognitiveServices/locations/swedencentral/operationResults/op-1?api-version=2024-10-01";
    const { control, armLog, credential } = connectAzure({
      armReply: (method, url) => {
        if (method === "PUT")
          return { status: 201, body: deployment("Accepted"), headers: { "azure-asyncoperation": operation } };
        if (url === operation) return { status: 200, body: { status: "Succeeded" } };
        return { status: 200, body: deployment("Succeeded") };
      },
    });
    const state = await control.createOrUpdateDeployment("clippy", {
      model: { name: "gpt-4.1-mini-2025-04-14.ft-abc" },
      sku: { name: "Standard", capacity: 1 },
      raiPolicyName: "Microsoft.DefaultV2",
      versionUpgradeOption: "NoAutoUpgrade",
    });
    expect(state).toMatchObject({
      name: "clippy",
      provisioningState: "Succeeded",
      sku: { name: "Standard", capacity: 1 },
    });
    expect(armLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT ${ARM}/deployments/clippy?api-version=2024-10-01`,
      `GET ${operation}`,
      `GET ${ARM}/deployments/clippy?api-version=2024-10-01`,
    ]);
    expect(JSON.parse(armLog[0]?.body ?? "")).toEqual({
      sku: { name: "Standard", capacity: 1 },
      properties: {
        model: { format: "OpenAI", name: "gpt-4.1-mini-2025-04-14.ft-abc", version: "1" },
        raiPolicyName: "Microsoft.DefaultV2",
        versionUpgradeOption: "NoAutoUpgrade",
      },
    });
    expect(armLog.every((r) => r.authorization === "Bearer arm-token" && r.apiKey === null)).toBe(true);
    expect(new Set(credential.scopes)).toEqual(new Set(["https://management.azure.com/.default"]));
  });

  it("an operation that ends Failed surfaces the service's code and message, and is not retried", async () => {
    const operation = "https://management.azure.com/subscriptions/x/operationResults/op-2?api-version=2024-10-01";
    const { control, armLog } = connectAzure({
      armReply: (method) =>
        method === "PUT"
          ? { status: 201, body: deployment("Accepted"), headers: { "azure-asyncoperation": operation } }
          : {
              status: 200,
              body: {
                status: "Failed",
                error: { code: "DeploymentModelNotSupported", message: "The model 'm.ft-x' is not supported." },
              },
            },
    });
    const error = await control
      .createOrUpdateDeployment("clippy", { model: { name: "m.ft-x" }, sku: { name: "Standard", capacity: 1 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "FoundryError",
      code: "DeploymentModelNotSupported",
      message: "The model 'm.ft-x' is not supported.",
      retryable: false,
    });
    expect(armLog.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("[ARM] Deployments_CreateOrUpdate: properties.model.source for a cross-account deployment", async () => {
    const { control, armLog } = connectAzure();
    const source = `/subscriptions/${SUB}/resourceGroups/rg-dev/providers/Microsoft.CognitiveServices/accounts/dev-ft`;
    await control.createOrUpdateDeployment("clippy", {
      model: { name: "m.ft-abc", source },
      sku: { name: "GlobalStandard", capacity: 5 },
    });
    expect(JSON.parse(armLog[0]?.body ?? "")).toEqual({
      sku: { name: "GlobalStandard", capacity: 5 },
      properties: { model: { format: "OpenAI", name: "m.ft-abc", version: "1", source } },
    });
  });

  it("[ARM] Deployments_CreateOrUpdate of a DeveloperTier deployment uses api-version 2025-07-01-preview, as every DeveloperTier sample", async () => {
    const { control, armLog } = connectAzure();
    await control.createOrUpdateDeployment("dev", {
      model: { name: "m.ft-abc" },
      sku: { name: "DeveloperTier", capacity: 50 },
    });
    await control.updateDeploymentSku("dev", { name: "DeveloperTier", capacity: 60 });
    await control.getDeployment("dev");
    expect(armLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT ${ARM}/deployments/dev?api-version=2025-07-01-preview`,
      `PATCH ${ARM}/deployments/dev?api-version=2025-07-01-preview`,
      `GET ${ARM}/deployments/dev?api-version=2024-10-01`,
    ]);
    expect(JSON.parse(armLog[0]?.body ?? "").sku).toEqual({ name: "DeveloperTier", capacity: 50 });
  });

  it("[ARM] Deployments_Update: PATCHes only the sku for a capacity change", async () => {
    const { control, armLog } = connectAzure({ armReply: () => ({ status: 200, body: deployment("Succeeded", 4) }) });
    const state = await control.updateDeploymentSku("clippy", { name: "Standard", capacity: 4 });
    expect(state.sku).toEqual({ name: "Standard", capacity: 4 });
    expect(armLog[0]).toMatchObject({ method: "PATCH", url: `${ARM}/deployments/clippy?api-version=2024-10-01` });
    expect(JSON.parse(armLog[0]?.body ?? "")).toEqual({ sku: { name: "Standard", capacity: 4 } });
  });

  it("[ARM] Deployments_Get, Deployments_List, Deployments_Delete at the deployment URLs; 404s mean absent", async () => {
    const { control, armLog } = connectAzure({
      armReply: (method, url) => {
        if (url.includes("/deployments/gone"))
          return { status: 404, body: { error: { code: "NotFound", message: "not found" } } };
        if (method === "DELETE" && url.includes("/deployments/absent")) return { status: 204 };
        if (method === "DELETE") return { status: 200 };
        if (url.endsWith("/deployments?api-version=2024-10-01"))
          return { status: 200, body: { value: [deployment("Succeeded")] } };
        return { status: 200, body: deployment("Succeeded") };
      },
    });
    expect(await control.getDeployment("gone")).toBeUndefined();
    expect((await control.listDeployments()).map((d) => d.name)).toEqual(["clippy"]);
    expect(await control.deleteDeployment("clippy")).toBe(true);
    expect(await control.deleteDeployment("gone")).toBe(false);
    expect(await control.deleteDeployment("absent")).toBe(false);
    expect(armLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${ARM}/deployments/gone?api-version=2024-10-01`,
      `GET ${ARM}/deployments?api-version=2024-10-01`,
      `DELETE ${ARM}/deployments/clippy?api-version=2024-10-01`,
      `DELETE ${ARM}/deployments/gone?api-version=2024-10-01`,
      `DELETE ${ARM}/deployments/absent?api-version=2024-10-01`,
    ]);
  });

  it("retries a 409 RequestConflict with the same body, and fails at once on a 400", async () => {
    let puts = 0;
    const { control, armLog } = connectAzure({
      armReply: (method) => {
        // Before a PUT succeeds the deployment does not exist, so the look after the 409 finds nothing.
        if (method !== "PUT")
          return puts < 2
            ? { status: 404, body: { error: { code: "DeploymentNotFound", message: "not found" } } }
            : { status: 200, body: deployment("Succeeded") };
        puts++;
        if (puts === 1) {
          return {
            status: 409,
            body: {
              error: {
                code: "RequestConflict",
                message: "Another operation is being performed on the parent resource.",
              },
            },
            headers: { "retry-after": "1" },
          };
        }
        if (puts === 2) return { status: 200, body: deployment("Succeeded") };
        return {
          status: 400,
          body: {
            error: {
              code: "DeploymentModelNotSupported",
              message: "The model 'Format: OpenAI, Name: nope' is not supported.",
            },
          },
        };
      },
    });
    await control.createOrUpdateDeployment("clippy", {
      model: { name: "m.ft-abc" },
      sku: { name: "Standard", capacity: 1 },
    });
    const puts2 = armLog.filter((r) => r.method === "PUT");
    expect(puts2).toHaveLength(2);
    expect(puts2[0]?.body).toBe(puts2[1]?.body);
    const error = await control
      .createOrUpdateDeployment("clippy", { model: { name: "nope" }, sku: { name: "Standard", capacity: 1 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      code: "DeploymentModelNotSupported",
      message: "The model 'Format: OpenAI, Name: nope' is not supported.",
    });
    expect(armLog.filter((r) => r.method === "PUT")).toHaveLength(3);
  });
});

describe("Azure data plane through a Foundry project", () => {
  const PROJECT = `https://${ACCOUNT}.services.ai.azure.com/api/projects/ft-proj`;
  const projectTarget = azureTarget({
    subscriptionId: SUB,
    resourceGroup: "rg-ml",
    accountName: ACCOUNT,
    endpoint: `https://${ACCOUNT}.services.ai.azure.com`,
    project: "ft-proj",
  });

  it("v1: files, jobs and chat under <project>/openai/v1 with ai.azure.com tokens; the deployment stays on the account's ARM", async () => {
    const dataLog: Recorded[] = [];
    const armLog: Recorded[] = [];
    const credential = new RecordingCredential();
    const c = connect(
      { ...projectTarget, dataPlaneForm: "v1" },
      {
        credential,
        env: {},
        fetch: recordingFetch(dataLog, dataReply),
        httpClient: recordingHttpClient(armLog, () => ({ status: 200, body: deployment("Succeeded") })),
        pollIntervalMs: 1,
        retry: { sleep: async () => {} },
      },
    );
    await c.data.createJob({
      model: "gpt-4.1-mini-2025-04-14",
      training_file: "file-train",
      trainingType: "GlobalStandard",
    });
    await c.data.getJob("ftjob-abc");
    await c.data.chat("clippy", [{ role: "user", content: "hi" }]);
    await c.control.getDeployment("clippy");
    expect(dataLog.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${PROJECT}/openai/v1/fine_tuning/jobs`,
      `GET ${PROJECT}/openai/v1/fine_tuning/jobs/ftjob-abc`,
      `POST ${PROJECT}/openai/v1/chat/completions`,
    ]);
    expect(dataLog.every((r) => r.authorization === "Bearer data-token" && r.apiKey === null)).toBe(true);
    expect(armLog.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${ARM}/deployments/clippy?api-version=2024-10-01`]);
    expect(new Set(credential.scopes)).toEqual(
      new Set(["https://ai.azure.com/.default", "https://management.azure.com/.default"]),
    );
  });

  it("dated: <project>/openai/... with the recorded api-version 2025-11-15-preview unless one is configured", async () => {
    for (const [apiVersion, expected] of [
      [undefined, "2025-11-15-preview"],
      ["2025-04-01-preview", "2025-04-01-preview"],
    ] as const) {
      const dataLog: Recorded[] = [];
      const credential = new RecordingCredential();
      const c = connect(
        { ...projectTarget, ...(apiVersion ? { apiVersion } : {}) },
        { credential, env: {}, fetch: recordingFetch(dataLog, dataReply), retry: { sleep: async () => {} } },
      );
      await c.data.getJob("ftjob-abc");
      await c.data.chat("clippy", [{ role: "user", content: "hi" }]);
      expect(dataLog.map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET ${PROJECT}/openai/fine_tuning/jobs/ftjob-abc?api-version=${expected}`,
        `POST ${PROJECT}/openai/deployments/clippy/chat/completions?api-version=${expected}`,
      ]);
      expect(new Set(credential.scopes)).toEqual(new Set(["https://ai.azure.com/.default"]));
    }
  });

  it("a key still travels as api-key, with no token asked for", async () => {
    const dataLog: Recorded[] = [];
    const credential = new RecordingCredential();
    const c = connect(projectTarget, { apiKey: "k-2", credential, env: {}, fetch: recordingFetch(dataLog, dataReply) });
    await c.data.getJob("ftjob-abc");
    expect(dataLog[0]).toMatchObject({
      url: `${PROJECT}/openai/fine_tuning/jobs/ftjob-abc?api-version=2025-11-15-preview`,
      apiKey: "k-2",
      authorization: null,
    });
    expect(credential.scopes).toEqual([]);
  });
});
