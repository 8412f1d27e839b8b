// --probe-job: confirm, for this account and region, what no spec settles. One tiny file and two jobs that are
// cancelled at once (a job cancelled before training is not billed): one sends the hyperparameters nested under
// `method.supervised` (the v1 shape), the other at the top level (the dated shape); both send a metadata tag.
// Reports what each job echoes, then deletes the file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataPlane } from "../../foundry/data-plane";
import type { CreateJobBody, FoundryJob } from "../../foundry/data-plane-types";
import type { DoctorRow } from "./table";

const TAG = { key: "foundry-doctor", value: "probe" };
const EXAMPLE = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "user", content: `probe ${i}` },
      { role: "assistant", content: `ok ${i}` },
    ],
  });

export async function probeJobs(data: DataPlane, baseModel: string, trainingType: string): Promise<DoctorRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-doctor-"));
  const file = path.join(dir, "probe.jsonl");
  writeFileSync(file, Array.from({ length: 10 }, (_, i) => EXAMPLE(i)).join("\n") + "\n");
  const rows: DoctorRow[] = [];
  let fileId: string | undefined;
  try {
    const uploaded = await data.uploadFile(file, "fine-tune", { filename: `foundry-doctor-probe-${Date.now()}.jsonl` });
    fileId = uploaded.id;
    await data.waitForFile(uploaded.id, { pollMs: 1000, timeoutMs: 10 * 60_000 });
    rows.push({
      check: "probe: upload",
      result: "pass",
      detail: `a 10-example file was accepted (${uploaded.id})`,
      evidence: "POST /files, GET /files/{id}: processed",
    });
    const common = {
      model: baseModel,
      training_file: uploaded.id,
      metadata: { [TAG.key]: TAG.value },
      trainingType: trainingType as CreateJobBody["trainingType"],
    };
    const nested = await createAndCancel(data, {
      ...common,
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
    } as CreateJobBody);
    const top = await createAndCancel(data, { ...common, hyperparameters: { n_epochs: 3 } } as CreateJobBody);
    rows.push(metadataRow(nested.job));
    rows.push(hyperparameterRow("probe: method.supervised.hyperparameters", nested.job, 2));
    rows.push(hyperparameterRow("probe: top-level hyperparameters", top.job, 3));
    for (const p of [nested, top])
      rows.push({
        check: `probe: cancel ${p.job.id}`,
        result: p.cancelled ? "pass" : "warn",
        detail: `status ${p.status}`,
        evidence: `POST /fine_tuning/jobs/${p.job.id}/cancel`,
      });
  } catch (error) {
    rows.push({ check: "probe", result: "fail", detail: (error as Error).message, evidence: "the probe job's calls" });
  } finally {
    if (fileId) await data.deleteFile(fileId).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function createAndCancel(
  data: DataPlane,
  body: CreateJobBody,
): Promise<{ job: FoundryJob; cancelled: boolean; status: string }> {
  const job = await data.createJob(body);
  const after = await data.cancelJob(job.id).catch(async () => data.getJob(job.id));
  return { job, cancelled: after?.status === "cancelled", status: after?.status ?? "unknown" };
}

function metadataRow(job: FoundryJob): DoctorRow {
  const kept = job.metadata?.[TAG.key] === TAG.value;
  return {
    check: "probe: job metadata kept",
    result: "info",
    detail: kept
      ? "yes: jobs are found again by their tag"
      : "no: the service drops job metadata, so an interrupted up adopts its job by fingerprint",
    evidence: `POST /fine_tuning/jobs echoed metadata ${JSON.stringify(job.metadata ?? null)}`,
  };
}

function hyperparameterRow(check: string, job: FoundryJob, sent: number): DoctorRow {
  const echoed =
    (job.method as { supervised?: { hyperparameters?: { n_epochs?: unknown } } } | undefined)?.supervised
      ?.hyperparameters?.n_epochs ?? job.hyperparameters?.n_epochs;
  const evidence = `n_epochs ${sent} sent, the created job echoes ${JSON.stringify(echoed ?? null)}`;
  if (echoed === sent) return { check, result: "pass", detail: "honoured", evidence };
  if (echoed === undefined || echoed === -1 || echoed === "auto")
    return { check, result: "warn", detail: "not echoed while pending: unconfirmed", evidence };
  return { check, result: "fail", detail: "not honoured: the job would train with other values", evidence };
}
