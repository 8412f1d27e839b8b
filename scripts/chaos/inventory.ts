// What is on the service and what the state holds, and the campaign's invariants over both (pure).

import { dynamicResourceType } from "../../resources/shared/type-tokens";
import { ACCOUNT } from "./sandbox";
import type { ServiceProcess } from "./service";

export interface ServiceInventory {
  jobs: { id: string; status: string; tag?: string; files?: string[] }[];
  /** Uploaded training/validation files still on the service (not deleted). */
  files: { id: string; filename: string; status: string }[];
  deployments: { name: string }[];
}

export interface StateInventory {
  fileIds: string[];
  jobIds: string[];
  deploymentNames: string[];
  pendingOperations: number;
}

const DATA = `/accounts/${ACCOUNT.name}/openai`;
const DATED = "api-version=2025-04-01-preview";
const ARM = `/subscriptions/${ACCOUNT.subscriptionId}/resourceGroups/${ACCOUNT.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ACCOUNT.name}/deployments?api-version=2024-10-01`;

interface JobOnService {
  id: string;
  status: string;
  model: string;
  training_file: string;
  validation_file?: string | null;
  suffix?: string | null;
  seed?: number;
}

/**
 * What one training is, as every surface echoes it (the strict dated surface drops metadata, so the program's
 * tag is not readable there): model, files, suffix and seed. Two jobs with the same key trained the same thing.
 */
function trainingIdentity(j: JobOnService): string {
  return [j.model, j.training_file, j.validation_file ?? "", j.suffix ?? "", j.seed ?? ""].join("|");
}

export async function serviceInventory(service: ServiceProcess): Promise<ServiceInventory> {
  const jobs: ServiceInventory["jobs"] = [];
  let after: string | undefined;
  for (;;) {
    const page = await service.call<{ data: JobOnService[]; has_more: boolean }>(
      "GET",
      `${DATA}/fine_tuning/jobs?${DATED}&limit=100${after ? `&after=${after}` : ""}`,
    );
    for (const j of page.data)
      jobs.push({
        id: j.id,
        status: j.status,
        tag: trainingIdentity(j),
        files: [j.training_file, ...(j.validation_file ? [j.validation_file] : [])],
      });
    if (!page.has_more || page.data.length === 0) break;
    after = page.data.at(-1)!.id;
  }
  const files = (
    await service.call<{ data: { id: string; filename: string; purpose: string; status: string }[] }>(
      "GET",
      `${DATA}/files?${DATED}`,
    )
  ).data
    .filter((f) => f.purpose === "fine-tune" && f.status !== "deleted")
    .map(({ id, filename, status }) => ({ id, filename, status }));
  const deployments = (await service.call<{ value: { name: string }[] }>("GET", ARM)).value.map(({ name }) => ({
    name,
  }));
  return { jobs, files, deployments };
}

interface ExportedResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
  delete?: boolean;
}

/** Reads the ids of our resources from `pulumi stack export` output. */
export function stateInventory(exported: string): StateInventory {
  const deployment = (
    JSON.parse(exported) as { deployment: { resources?: ExportedResource[]; pending_operations?: unknown[] } }
  ).deployment;
  const resources = deployment.resources ?? [];
  const of = (type: string) => resources.filter((r) => r.type === dynamicResourceType(type));
  return {
    fileIds: of("TrainingFile").map((r) => String(r.id)),
    jobIds: of("FineTuningJob").map((r) => String(r.id)),
    deploymentNames: of("ModelDeployment").map((r) => String(r.outputs?.deploymentName)),
    pendingOperations: deployment.pending_operations?.length ?? 0,
  };
}

export interface Violations {
  /** Jobs beyond the first per training identity (the job tag). */
  duplicateJobs: number;
  orphanFiles: string[];
  orphanDeployments: string[];
  /** Resources in state that the service no longer has. */
  missingOnService: string[];
}

/** Pure: compares service and state after a run converged. */
export function violations(service: ServiceInventory, state: StateInventory): Violations {
  const perTag = new Map<string, number>();
  let untagged = 0;
  for (const job of service.jobs) {
    if (job.tag) perTag.set(job.tag, (perTag.get(job.tag) ?? 0) + 1);
    else untagged++;
  }
  const duplicateJobs = [...perTag.values()].reduce((sum, n) => sum + (n - 1), 0) + untagged;
  const fileIds = new Set(state.fileIds);
  const deploymentNames = new Set(state.deploymentNames);
  const onServiceFiles = new Set(service.files.map((f) => f.id));
  const onServiceDeployments = new Set(service.deployments.map((d) => d.name));
  // A file a job trained on stays by design: it is the record a later identical training is reused by.
  const trainedOn = new Set(
    service.jobs.filter((j) => j.status !== "failed" && j.status !== "cancelled").flatMap((j) => j.files ?? []),
  );
  return {
    duplicateJobs,
    orphanFiles: service.files
      .filter((f) => !fileIds.has(f.id) && !trainedOn.has(f.id))
      .map((f) => `${f.id} (${f.filename}, ${f.status})`),
    orphanDeployments: service.deployments.filter((d) => !deploymentNames.has(d.name)).map((d) => d.name),
    missingOnService: [
      ...state.fileIds.filter((id) => !onServiceFiles.has(id)),
      ...state.deploymentNames.filter((n) => !onServiceDeployments.has(n)),
    ],
  };
}
