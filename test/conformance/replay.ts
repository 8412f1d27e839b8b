// Sends a recorded scenario's requests to a running local service, in recorded order, and compares each answer
// with the recorded one (compare.ts). The recordings are sanitized (every file is `sanitized-file-id`, every job
// `sanitized-ftjob-id`), so the replay keeps its own map to the ids the local service gave, by recorded order.
// A scenario that starts from something made before the recording (a finished job, a running one) gets it made
// here first, from what the recording shows of it; those set-up requests are not compared.
import * as fs from "node:fs";
import * as path from "node:path";
import { compareAnswers, type FieldComparison } from "./compare";

// biome-ignore lint/suspicious/noExplicitAny: recorded and local JSON bodies, read field by field
type Json = any;

interface Exchange {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  requestBody: Json;
  responseBody: Json;
}
export interface Scenario {
  name: string;
  source: { repo: string; path: string; commit: string };
  exchanges: Exchange[];
}
export interface LocalService {
  url: string;
  apiKey: string;
  /** PUT /_emulator/time-scale: set-up runs fast, the replay slow enough that recorded transient states are seen. */
  setTimeScale(scale: number): Promise<void>;
}
export interface ExchangeResult {
  scenario: string;
  index: number;
  label: string;
  rows: FieldComparison[];
}

const FIXTURES = path.resolve(__dirname, "../fixtures/azure-recordings");
const DATASET = path.resolve(__dirname, "../../datasets/clippy");
const MIN_EXAMPLES = 10;
/** How long a GET is repeated while the local state has not yet reached the recorded one (polling, as a client does). */
const POLL_MS = 20_000;
/**
 * The replay's time scale: the service's delays doubled (file processing 1 s, job queue 2 s, provisioning 4 s), so
 * that the transient states the recordings show (pending, Running) are still there on a busy machine.
 */
const REPLAY_SCALE = 2;
/** States a resource does not leave: polling for an earlier recorded state stops there. */
const FINAL_STATES = [
  "processed",
  "error",
  "deleted",
  "succeeded",
  "failed",
  "cancelled",
  "Succeeded",
  "Failed",
  "Canceled",
];
/** Every recorded exchange says `x-ms-region: East US 2`. */
const RECORDED_REGION = "eastus2";

export function loadScenarios(dir = FIXTURES): Scenario[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), ...JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
}

/** The recorded path without the project or ARM prefix: what the table shows. */
function labelOf(e: Exchange): string {
  const p = e.path
    .replace(/^\/api\/projects\/[^/]+\/openai/, "")
    .replace(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+/,
      "(ARM)",
    )
    .replace(/^\/subscriptions\/[^/]+\/providers\/Microsoft\.CognitiveServices\/locations\/[^/]+/, "(ARM)");
  return `${e.method} ${p}`;
}

class Replay {
  private readonly account: string;
  private readonly files: string[] = [];
  private readonly deleted = new Set<string>();
  /** Recorded ids that were not sanitized (a recording may keep real file ids) -> local ids. */
  private readonly ids = new Map<string, string>();
  /** Jobs this replay made or replayed, cancelled at the end so that nothing trains on in the background. */
  private readonly jobs = new Set<string>();
  /** The ids of the last list the service answered, for a recorded `after=<id>`. */
  private lastListIds: string[] = [];
  private jobId: string | undefined;
  private job: Json;
  private operation: string | undefined;
  /** A create was replayed: later references to its job are its, made or not, never a set-up's. */
  private createReplayed = false;
  private regionSet = false;

  constructor(
    private readonly svc: LocalService,
    scenario: string,
  ) {
    this.account = `conformance-${scenario}`.replace(/[^a-zA-Z0-9-]/g, "-").slice(0, 60);
  }

  async run(e: Exchange): Promise<{ status: number; body: Json }> {
    if (!this.regionSet) {
      // the recorded account's region (x-ms-region), which a deployment's capabilities.area follows
      await this.send("PUT", `/_emulator/accounts/${this.account}/region`, { region: RECORDED_REGION });
      this.regionSet = true;
    }
    if (e.path.includes("sanitized-ftjob-id") && !this.jobId && !this.createReplayed) {
      // a set-up the local service refuses is this exchange's answer: the table shows the refusal
      const refused = await this.makeJobLike(e.responseBody);
      if (refused) return refused;
    }
    if (e.method === "GET" && e.path.endsWith("/fine_tuning/jobs") && this.jobs.size === 0 && !this.createReplayed)
      await this.makeJobsToList(e.responseBody);
    if (e.method === "POST" && e.path.endsWith("/fine_tuning/jobs")) {
      if (this.files.length === 0) await this.makeFilesFor(e.requestBody, false);
      this.createReplayed = true;
    }
    const url = this.urlOf(e);
    const send = () => this.send(e.method, url, this.bodyOf(e));
    let answer = await send();
    // inference: the recorded client waited (ten minutes) after the deployment succeeded; wait out the warm-up too
    for (
      const deadline = Date.now() + POLL_MS;
      /\/(responses|chat\/completions)$/.test(e.path) &&
      answer.body?.error?.code === "DeploymentNotFound" &&
      Date.now() < deadline;
    ) {
      await sleep(100);
      answer = await send();
    }
    // a GET is a poll: repeat it until the local state reaches the recorded one (or give up and compare)
    const wanted = e.responseBody?.status;
    const polling = () => answer.body?.status !== wanted && !FINAL_STATES.includes(answer.body?.status);
    for (
      const deadline = Date.now() + POLL_MS;
      e.method === "GET" && typeof wanted === "string" && polling() && Date.now() < deadline;
    ) {
      await sleep(50);
      answer = await send();
    }
    this.learn(e, answer);
    return answer;
  }

  private urlOf(e: Exchange): string {
    if (e.path.includes("/operationResults/")) return this.operation ?? `${e.path}?${new URLSearchParams(e.query)}`;
    let p = [...this.ids]
      .reduce((acc, [recorded, local]) => acc.replaceAll(recorded, local), e.path)
      .replace(/^\/api\/projects\/[^/]+\/openai/, `/accounts/${this.account}/openai`)
      .replace(/\/accounts\/sanitized-account-name\//, `/accounts/${this.account}/`)
      .replace("sanitized-ftjob-id", this.jobId ?? "sanitized-ftjob-id");
    if (p.endsWith("/files/sanitized-file-id")) {
      const id = e.method === "DELETE" ? this.files.find((f) => !this.deleted.has(f)) : this.files.at(-1);
      if (id && e.method === "DELETE") this.deleted.add(id);
      p = p.replace("sanitized-file-id", id ?? "sanitized-file-id");
    }
    const query = { ...e.query };
    if (query.after === "sanitized-ftjob-id" && this.lastListIds.length > 0) query.after = this.lastListIds.at(-1)!;
    return `${p}?${new URLSearchParams(query)}`;
  }

  private bodyOf(e: Exchange): Json {
    const b = e.requestBody;
    if (b === null || typeof b !== "object") return b;
    if (b.multipart) return this.form(b.multipart.purpose, b.multipart.file.filename);
    const out = structuredClone(b);
    if (out.training_file === "sanitized-file-id") out.training_file = this.files[0];
    if (out.validation_file === "sanitized-file-id") out.validation_file = this.files[1];
    if (out.properties?.model?.name && this.job?.fine_tuned_model)
      out.properties.model.name = this.job.fine_tuned_model;
    return out;
  }

  /** Remembers the local ids an answer introduces, in recorded order. */
  private learn(e: Exchange, answer: { status: number; body: Json; asyncOperation?: string }): void {
    if (e.method === "POST" && e.path.endsWith("/files") && answer.body?.id) {
      this.files.push(answer.body.id);
      const recorded = e.responseBody?.id;
      if (typeof recorded === "string" && !recorded.startsWith("sanitized-")) this.ids.set(recorded, answer.body.id);
    }
    if (answer.body?.object === "list" && Array.isArray(answer.body.data))
      this.lastListIds = answer.body.data.map((d: Json) => d.id);
    if (e.path.includes("/fine_tuning/jobs") && answer.body?.object === "fine_tuning.job") {
      this.jobs.add(answer.body.id);
      this.jobId = answer.body.id;
      this.job = answer.body;
    }
    if (answer.asyncOperation)
      this.operation = new URL(answer.asyncOperation).pathname + new URL(answer.asyncOperation).search;
  }

  /** Local content for a recorded upload: the repository's sample data of the same kind. */
  private form(purpose: string, filename: string, small = false): FormData {
    const dpo = filename.startsWith("dpo");
    const name = dpo ? "preferences.jsonl" : /valid/.test(filename) ? "valid.jsonl" : "train.jsonl";
    let bytes: Buffer | string = fs.readFileSync(path.join(DATASET, name));
    // a set-up job trains on the fewest examples a job takes (10), so that it finishes in seconds
    if (small) bytes = bytes.toString("utf8").split("\n").slice(0, MIN_EXAMPLES).join("\n") + "\n";
    const form = new FormData();
    form.append("purpose", purpose);
    form.append("file", new Blob([bytes]), filename);
    return form;
  }

  /** Set-up: files for a recorded job create whose uploads the scenario leaves out. */
  private async makeFilesFor(body: Json, small: boolean): Promise<void> {
    const dpo = body?.method?.type === "dpo";
    const names = [dpo ? "dpo_training_set.jsonl" : "sft_training_set.jsonl"];
    if (body?.validation_file) names.push(dpo ? "dpo_validation_set.jsonl" : "sft_validation_set.jsonl");
    for (const filename of names) {
      const created = await this.send(
        "POST",
        `/accounts/${this.account}/openai/files?api-version=2025-11-15-preview`,
        this.form("fine-tune", filename, small),
      );
      this.files.push(created.body.id);
      await this.until(
        `/accounts/${this.account}/openai/files/${created.body.id}?api-version=2025-11-15-preview`,
        (f) => f.status === "processed",
      );
    }
  }

  /** Set-up: a local job like the recorded one (model, method, numeric hyperparameters, tier), in its recorded state. */
  private async makeJobLike(recorded: Json): Promise<{ status: number; body: Json } | undefined> {
    const type = recorded?.method?.type ?? "supervised";
    const hp = recorded?.method?.[type]?.hyperparameters ?? recorded?.hyperparameters ?? {};
    const given = Object.fromEntries(Object.entries(hp).filter(([, v]) => typeof v === "number" && v !== -1));
    const body = {
      model: recorded.model,
      training_file: "sanitized-file-id",
      ...(recorded.validation_file ? { validation_file: "sanitized-file-id" } : {}),
      method: { type, [type]: { hyperparameters: given } },
      trainingType: recorded.trainingType,
      seed: 42,
    };
    await this.makeFilesFor(body, true);
    const wanted: string = recorded.status;
    if (wanted === "succeeded") await this.svc.setTimeScale(0.01);
    const jobs = `/accounts/${this.account}/openai/fine_tuning/jobs`;
    const q = "?api-version=2025-11-15-preview";
    const created = await this.send("POST", jobs + q, {
      ...body,
      training_file: this.files[0],
      validation_file: this.files[1],
    });
    if (created.status !== 201) {
      this.createReplayed = true; // later exchanges then find no job, as they would on a service that refused it
      await this.svc.setTimeScale(REPLAY_SCALE);
      return created;
    }
    const id: string = created.body.id;
    if (wanted === "succeeded") {
      await this.until(jobs + `/${id}` + q, (j) => j.status === "succeeded");
      await this.svc.setTimeScale(REPLAY_SCALE);
    } else if (wanted === "running" || wanted === "paused") {
      await this.until(jobs + `/${id}/events` + q, (l) => l.data.some((ev: Json) => ev.type === "metrics"));
      if (wanted === "paused") {
        await this.send("POST", jobs + `/${id}/pause` + q, undefined);
        await this.until(jobs + `/${id}` + q, (j) => j.status === "paused");
      }
    } else if (wanted === "cancelled") {
      await this.send("POST", jobs + `/${id}/cancel` + q, undefined);
    }
    this.jobId = id;
    this.jobs.add(id);
    this.job = (await this.send("GET", jobs + `/${id}` + q, undefined)).body;
    return undefined;
  }

  /** Set-up for a recorded list: as many local jobs as the recorded page holds, one more when it says has_more. */
  private async makeJobsToList(recorded: Json): Promise<void> {
    const count = (recorded?.data?.length ?? 0) + (recorded?.has_more ? 1 : 0);
    const body = {
      model: "gpt-4.1-mini",
      training_file: "sanitized-file-id",
      validation_file: "sanitized-file-id",
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 1 } } },
      trainingType: "GlobalStandard",
    };
    await this.makeFilesFor(body, true);
    const jobs = `/accounts/${this.account}/openai/fine_tuning/jobs`;
    for (let i = 0; i < count; i++) {
      const created = await this.send("POST", `${jobs}?api-version=2025-11-15-preview`, {
        ...body,
        training_file: this.files[0],
        validation_file: this.files[1],
      });
      if (created.status !== 201)
        throw new Error(`set-up job for ${this.account}: ${created.status} ${JSON.stringify(created.body)}`);
      // cancelled, like most of the recorded first page: finished, nothing training in the background
      await this.send("POST", `${jobs}/${created.body.id}/cancel?api-version=2025-11-15-preview`, undefined);
    }
  }

  /** Cancels the jobs that would otherwise go on training after the scenario. */
  async cleanUp(): Promise<void> {
    for (const id of this.jobs)
      await this.send(
        "POST",
        `/accounts/${this.account}/openai/fine_tuning/jobs/${id}/cancel?api-version=2025-11-15-preview`,
        undefined,
      );
  }

  private async until(url: string, done: (body: Json) => boolean): Promise<Json> {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(50)) {
      const r = await this.send("GET", url, undefined);
      if (r.status === 200 && done(r.body)) return r.body;
    }
    throw new Error(`set-up for ${this.account}: ${url} did not reach the recorded state`);
  }

  private async send(
    method: string,
    url: string,
    body: Json,
  ): Promise<{ status: number; body: Json; asyncOperation?: string }> {
    const headers: Record<string, string> = { "api-key": this.svc.apiKey };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined && body !== null) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.svc.url + url, { method, headers, body: payload });
    const text = await res.text();
    let parsed: Json = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    const asyncOperation = res.headers.get("azure-asyncoperation") ?? undefined;
    return { status: res.status, body: parsed, ...(asyncOperation ? { asyncOperation } : {}) };
  }
}

/** Replays one scenario and compares every exchange. */
export async function replayScenario(svc: LocalService, scenario: Scenario): Promise<ExchangeResult[]> {
  await svc.setTimeScale(REPLAY_SCALE);
  const replay = new Replay(svc, scenario.name);
  const results: ExchangeResult[] = [];
  try {
    for (const [index, e] of scenario.exchanges.entries()) {
      const local = await replay.run(e);
      results.push({
        scenario: scenario.name,
        index,
        label: labelOf(e),
        rows: compareAnswers({ status: e.status, body: e.responseBody }, local),
      });
    }
  } finally {
    await replay.cleanUp();
  }
  return results;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
