// Pure: from what the service said (preflight-read.ts) and what the plan needs, one row per check: pass, fail
// (the preview stops) or warn (the check could not run; never a silent pass). Every row carries its evidence.

import { FINE_TUNING_FILE_BYTES_PER_RESOURCE, FINE_TUNING_FILES_PER_RESOURCE } from "../azure/limits";
import { type ModelTiers, sameRegion, tiersInRegion } from "../azure/model-tiers";
import {
  CONTROL_PLANE_READ_ROLES,
  DATA_PLANE_ROLES,
  DEPLOYMENT_ROLES,
  DEPLOYMENT_WRITE_ACTION,
  FINE_TUNE_CAPABILITY,
  FINE_TUNED_DEPLOYMENT_LIMIT,
  METHODS_CAPABILITY,
  PROJECT_DATA_PLANE_ROLES,
  TRAINING_DATA_ACTIONS,
  TRAINING_TIERS_CAPABILITY,
} from "./preflight-facts";
import type {
  AccountModelFact,
  DeploymentFact,
  FileFact,
  PermissionFact,
  PreflightReads,
  Read,
  UsageFact,
} from "./preflight-read";

type CheckResult = "pass" | "fail" | "warn";
export interface CheckRow {
  check: string;
  result: CheckResult;
  detail: string;
  evidence: string;
}

interface PlannedTraining {
  /** The config key, e.g. clippy. */
  key: string;
  /** The root base model (a fine-tuned source resolves to its base). */
  baseModel: string;
  /** The model the job names when it is not the base (continuous fine-tuning), for the message. */
  source?: string;
  method: string;
  trainingType: string;
}
interface PlannedDeployment {
  key: string;
  name: string;
  sku: string;
  capacity: number;
  baseModel?: string;
}
/** A dataset the plan uploads (one TrainingFile per model and purpose); bytes unknown for a URL not read. */
export interface PlannedUpload {
  key: string;
  /** The local file name, e.g. train.jsonl: the service's copy is named `<stem>.<16 hex>.jsonl`. */
  file: string;
  bytes?: number;
}
export interface PreflightPlan {
  account: string;
  trainings: PlannedTraining[];
  deployments: PlannedDeployment[];
  uploads?: PlannedUpload[];
}

/** A hand-kept table to fall back on when the service's model list does not name tiers. */
export type TierTable = (
  baseModel: string,
) =>
  | (Pick<ModelTiers, "training" | "standardRegions" | "globalRegions"> &
      Partial<Pick<ModelTiers, "provisionedRegions">>)
  | undefined;

/** Fine-tuned models the plan trains from that are not of this stack: the reader looks each up. */
export const sourceIds = (plan: PreflightPlan) =>
  plan.trainings.flatMap((t) => (t.source?.includes(".ft-") ? [t.source] : []));

export interface CheckOptions {
  /** Milliseconds since the epoch (tests fix it). */
  now?: number;
  /** A base model's training or inference retirement within this many days is a warning (default 90). */
  retirementWarningDays?: number;
}
const DEFAULT_RETIREMENT_WARNING_DAYS = 90;

export function runChecks(
  plan: PreflightPlan,
  reads: PreflightReads,
  table?: TierTable,
  options: CheckOptions = {},
): CheckRow[] {
  return [
    ...identityRows(plan, reads),
    ...plan.trainings.map((t) => trainingRow(plan, t, reads, table)),
    ...retirementRows(plan, reads, options),
    ...fileRows(plan, reads),
    ...deploymentRows(plan, reads),
    ...provisionedRows(plan, reads, table),
  ];
}

export const failed = (rows: CheckRow[]) => rows.filter((r) => r.result === "fail");
export const warned = (rows: CheckRow[]) => rows.filter((r) => r.result === "warn");

const cannot = (check: string, read: Read<unknown> & { ok: false }, what: string): CheckRow => ({
  check,
  result: "warn",
  detail: `could not check ${what}: ${read.message}`,
  evidence: read.evidence,
});

function identityRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  const rows: CheckRow[] = [];
  const trains = plan.trainings.length > 0;
  const deploys = plan.deployments.length > 0;
  const data = reads.dataPlane;
  // Through a project, data actions are granted on the project; deployments stay the account's either way.
  const dataScope = reads.project
    ? `project ${reads.project.name} of account ${plan.account}`
    : `account ${plan.account}`;
  const dataRoles = reads.project ? PROJECT_DATA_PLANE_ROLES : DATA_PLANE_ROLES;
  // A project the account does not have answers 404 on its data plane (and its ARM scope): stop before uploading.
  const notFound = (r: Read<unknown>): r is Read<unknown> & { ok: false } => !r.ok && r.kind === "missing";
  const projectMissing = reads.project ? [data, reads.project.permissions].find(notFound) : undefined;
  if (reads.project && projectMissing) {
    rows.push({
      check: "identity: data plane",
      result: "fail",
      detail: `project ${reads.project.name} is not a project of account ${plan.account} (${projectMissing.code ?? projectMissing.status}: ${projectMissing.message}); create it, or name one that exists`,
      evidence: projectMissing.evidence,
    });
  } else if (trains) {
    if (data.ok)
      rows.push({
        check: "identity: data plane",
        result: "pass",
        detail: "files and jobs can be read",
        evidence: data.evidence,
      });
    else if (data.kind === "denied")
      rows.push({
        check: "identity: data plane",
        result: "fail",
        detail: `the identity may not use ${reads.project ? `project ${reads.project.name}'s` : "the account's"} data plane (${data.code ?? data.status}: ${data.message}); it needs ${dataRoles} on ${dataScope}`,
        evidence: data.evidence,
      });
    else rows.push(cannot("identity: data plane", data, "data-plane access"));
  }
  const list = reads.deployments;
  if (list.ok)
    rows.push({
      check: "identity: control plane",
      result: "pass",
      detail: "deployments can be read",
      evidence: list.evidence,
    });
  else if (list.kind === "denied")
    rows.push({
      check: "identity: control plane",
      result: "fail",
      detail: `the identity may not read account ${plan.account} on the control plane (${list.code ?? list.status}: ${list.message}); it needs ${CONTROL_PLANE_READ_ROLES}${deploys ? `, and ${DEPLOYMENT_ROLES} to deploy` : ""}`,
      evidence: list.evidence,
    });
  else rows.push(cannot("identity: control plane", list, "control-plane access"));

  const perms = reads.permissions;
  if (!perms.ok) {
    if (deploys || (trains && reads.dataPlaneAuth === "bearer"))
      rows.push(cannot("identity: roles", perms, "the identity's roles"));
    return rows;
  }
  const missing: string[] = [];
  if (deploys && !allows(perms.value, "action", DEPLOYMENT_WRITE_ACTION))
    missing.push(`${DEPLOYMENT_WRITE_ACTION} (${DEPLOYMENT_ROLES})`);
  // A key grants every data action; only a token's roles can lack them.
  const checksData = trains && reads.dataPlaneAuth === "bearer";
  const dataPerms = reads.project ? reads.project.permissions : perms;
  if (checksData && !dataPerms.ok) {
    rows.push(cannot("identity: roles", dataPerms, `the identity's roles on ${dataScope}`));
    return rows;
  }
  if (checksData && dataPerms.ok) {
    for (const action of TRAINING_DATA_ACTIONS)
      if (!allows(dataPerms.value, "dataAction", action))
        missing.push(`${action}${reads.project ? ` on ${dataScope}` : ""} (${dataRoles})`);
  }
  const evidence =
    reads.project && checksData ? `${perms.evidence}; ${reads.project.permissions.evidence}` : perms.evidence;
  rows.push(
    missing.length > 0
      ? {
          check: "identity: roles",
          result: "fail",
          detail: `the identity's roles on account ${plan.account} do not allow ${missing.join("; ")}`,
          evidence,
        }
      : {
          check: "identity: roles",
          result: "pass",
          detail:
            [
              deploys ? "may write deployments" : "",
              checksData ? `may upload and train${reads.project ? ` through project ${reads.project.name}` : ""}` : "",
            ]
              .filter(Boolean)
              .join(", ") || "nothing to write",
          evidence,
        },
  );
  return rows;
}

/** Azure's wildcard match on action names (case-insensitive, `*` = anything). */
export function actionMatches(pattern: string, name: string): boolean {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  ).test(name);
}

function allows(perms: PermissionFact[], kind: "action" | "dataAction", name: string): boolean {
  return perms.some((p) => {
    const [allow, deny] = kind === "action" ? [p.actions, p.notActions] : [p.dataActions, p.notDataActions];
    return allow.some((a) => actionMatches(a, name)) && !deny.some((d) => actionMatches(d, name));
  });
}

const list = (csv: string | undefined) =>
  (csv ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function trainingRow(plan: PreflightPlan, t: PlannedTraining, reads: PreflightReads, table?: TierTable): CheckRow {
  const check = `training: ${t.key}`;
  const models = reads.models;
  if (!models.ok) return cannot(check, models, `that ${t.baseModel} can be fine-tuned here`);
  const region = reads.location.ok ? reads.location.value : undefined;
  const where = region ? ` in ${region}` : "";
  const model = models.value.find((m) => m.id.toLowerCase() === t.baseModel.toLowerCase());
  const named = t.source ? `${t.baseModel} (the base of ${t.source})` : t.baseModel;
  const source = t.source ? reads.sources[t.source] : undefined;
  if (source && !source.ok) {
    return source.kind === "missing"
      ? {
          check,
          result: "fail",
          detail: `${t.source} is not a model of account ${plan.account}${where}: it cannot be trained further there`,
          evidence: source.evidence,
        }
      : cannot(check, source, `that ${t.source} exists`);
  }
  if (!model)
    return {
      check,
      result: "fail",
      detail: `${named} is not in the account's model list${where}: it cannot be fine-tuned there`,
      evidence: models.evidence,
    };
  if (model.capabilities[FINE_TUNE_CAPABILITY] !== "true") {
    return {
      check,
      result: "fail",
      detail: `${named} cannot be fine-tuned${where} (the account's model list says ${FINE_TUNE_CAPABILITY}: ${model.capabilities[FINE_TUNE_CAPABILITY] ?? "absent"})`,
      evidence: models.evidence,
    };
  }
  const tiers = tiersOf(model, t.baseModel, region, table);
  const methods = list(model.finetuneCapabilities[METHODS_CAPABILITY]);
  if (methods.length > 0 && !methods.some((m) => m.toLowerCase() === t.method.toLowerCase())) {
    return {
      check,
      result: "fail",
      detail: `${named} is not fine-tuned with ${t.method}${where}; the account's model list offers ${methods.join(", ")}`,
      evidence: models.evidence,
    };
  }
  if (!tiers)
    return {
      check,
      result: "warn",
      detail: `${named} can be fine-tuned${where}, but neither the model list nor the table says on which tiers: ${t.trainingType} not checked`,
      evidence: models.evidence,
    };
  if (!tiers.list.some((x) => x.toLowerCase() === t.trainingType.toLowerCase())) {
    return {
      check,
      result: "fail",
      detail: `${named} cannot be fine-tuned on ${t.trainingType}${where}; ${tiers.source} offers ${tiers.list.join(", ") || "no tier"}`,
      evidence: models.evidence,
    };
  }
  return {
    check,
    result: "pass",
    detail: `${named} can be fine-tuned with ${t.method} on ${t.trainingType}${where} (${tiers.source}: ${tiers.list.join(", ")})`,
    evidence: models.evidence,
  };
}

function tiersOf(
  model: AccountModelFact,
  base: string,
  region: string | undefined,
  table?: TierTable,
): { list: string[]; source: string } | undefined {
  const fromService = list(model.finetuneCapabilities[TRAINING_TIERS_CAPABILITY]);
  if (fromService.length > 0) return { list: fromService, source: "the account's model list" };
  const known = table?.(base);
  if (!known) return undefined;
  // Standard and global training are each offered in listed regions only; an unknown region offers neither.
  return {
    list: region === undefined ? known.training.filter((x) => x === "Developer") : tiersInRegion(known, region),
    source: "the model table",
  };
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

/** Per trained model, the base model's retirement dates as the account's model list gives them. */
export function retirementsOf(
  plan: PreflightPlan,
  reads: PreflightReads,
): Record<string, { fineTune?: string; inference?: string }> {
  if (!reads.models.ok) return {};
  const models = reads.models.value;
  return Object.fromEntries(
    plan.trainings.flatMap((t) => {
      const dates = models.find((m) => m.id.toLowerCase() === t.baseModel.toLowerCase())?.deprecation;
      return dates ? [[t.key, dates]] : [];
    }),
  );
}

/**
 * A base model's retirement (AccountModel.deprecation): training past its fineTune date is refused by the job
 * itself (resources/fine-tuning-job/contract.ts, only when it would train); here a date passed or within the
 * warning window is a warning, so a stack whose job already exists still previews.
 */
function retirementRows(plan: PreflightPlan, reads: PreflightReads, options: CheckOptions): CheckRow[] {
  const now = options.now ?? Date.now();
  const window = (options.retirementWarningDays ?? DEFAULT_RETIREMENT_WARNING_DAYS) * DAY_MS;
  const dates = retirementsOf(plan, reads);
  return plan.trainings.flatMap((t): CheckRow[] => {
    const d = dates[t.key];
    if (!d || !reads.models.ok) return [];
    const near: string[] = [];
    for (const [what, iso] of [
      ["training (fine-tuning)", d.fineTune],
      ["inference", d.inference],
    ] as const) {
      const at = iso ? Date.parse(iso) : Number.NaN;
      if (Number.isNaN(at)) continue;
      if (at <= now) near.push(`${what} retired on ${day(iso!)}`);
      else if (at - now <= window)
        near.push(`${what} retires on ${day(iso!)}, in ${Math.ceil((at - now) / DAY_MS)} days`);
    }
    return near.length > 0
      ? [
          {
            check: `retirement: ${t.key}`,
            result: "warn",
            detail: `${t.baseModel}: ${near.join("; ")}`,
            evidence: reads.models.evidence,
          },
        ]
      : [];
  });
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The account's copy of an upload: `<stem>.<16 hex>.jsonl` (resources/training-file/contract.ts uploadName) of the same size. */
function alreadyThere(upload: PlannedUpload, files: FileFact[]): boolean {
  const stem = upload.file.replace(/\.jsonl$/i, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = new RegExp(`^${stem}\\.[0-9a-f]{16}\\.jsonl$`);
  return files.some((f) => name.test(f.filename) && f.bytes === upload.bytes);
}

/**
 * Fine-tuning files per resource: at most 100 files and 1 GB in all [D-QUOTA]. The files already in the account
 * count; an upload whose copy is already there (same name stem and size) adds nothing.
 */
function fileRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  const uploads = plan.uploads ?? [];
  if (uploads.length === 0) return [];
  const check = "files";
  const files = reads.files;
  if (!files.ok) return [cannot(check, files, "the room for files")];
  const kept = uploads.filter((u) => alreadyThere(u, files.value));
  const added = uploads.filter((u) => !kept.includes(u));
  const unknown = added.filter((u) => u.bytes === undefined);
  const usedBytes = files.value.reduce((n, f) => n + f.bytes, 0);
  const addedBytes = added.reduce((n, u) => n + (u.bytes ?? 0), 0);
  const count = files.value.length + added.length;
  const bytes = usedBytes + addedBytes;
  const figures =
    `${files.value.length} of ${FINE_TUNING_FILES_PER_RESOURCE} files (${mb(usedBytes)} of ${mb(FINE_TUNING_FILE_BYTES_PER_RESOURCE)}) in the account; ` +
    `this plan uploads ${added.length} (${mb(addedBytes)}${added.length ? `: ${added.map((u) => `${u.key} ${u.bytes === undefined ? "size unknown" : mb(u.bytes)}`).join(", ")}` : ""}) and keeps ${kept.length}`;
  const over = [
    count > FINE_TUNING_FILES_PER_RESOURCE ? `${count - FINE_TUNING_FILES_PER_RESOURCE} file(s) too many` : "",
    bytes > FINE_TUNING_FILE_BYTES_PER_RESOURCE ? `${mb(bytes - FINE_TUNING_FILE_BYTES_PER_RESOURCE)} too much` : "",
  ].filter(Boolean);
  if (over.length > 0)
    return [
      {
        check,
        result: "fail",
        detail: `account ${plan.account} has no room for the plan's files: ${figures} (${over.join(", ")})`,
        evidence: files.evidence,
      },
    ];
  if (unknown.length > 0)
    return [
      {
        check,
        result: "warn",
        detail: `${figures}; the size of ${unknown.map((u) => u.key).join(", ")} is unknown: room not checked for it`,
        evidence: files.evidence,
      },
    ];
  return [{ check, result: "pass", detail: figures, evidence: files.evidence }];
}

/** Provisioned throughput of fine-tuned models is regional, in listed regions only [D-DEPLOY]: the account must be in one. */
function provisionedRows(plan: PreflightPlan, reads: PreflightReads, table?: TierTable): CheckRow[] {
  return plan.deployments
    .filter((d) => d.sku.toLowerCase() === "provisionedmanaged")
    .map((d) => {
      const check = `deployment: ${d.key}`;
      const regions = d.baseModel ? table?.(d.baseModel)?.provisionedRegions : undefined;
      if (!reads.location.ok) return cannot(check, reads.location, `the region for ${d.sku}`);
      const region = reads.location.value;
      if (!regions)
        return {
          check,
          result: "warn",
          detail: `no region table for ${d.sku} of ${d.baseModel ?? "a promoted model"}: region not checked`,
          evidence: reads.location.evidence,
        };
      return regions.some((r) => sameRegion(r, region))
        ? {
            check,
            result: "pass",
            detail: `${d.sku} of ${d.baseModel} is offered in ${region}`,
            evidence: reads.location.evidence,
          }
        : {
            check,
            result: "fail",
            detail: `${d.sku} of models fine-tuned from ${d.baseModel} is offered only in ${regions.join(", ") || "no region"}; account ${plan.account} is in ${region}`,
            evidence: reads.location.evidence,
          };
    });
}

/** Deployments of this stack already on the account: the configured name, or the name plus the model's 8 hex. */
export function keptDeployment(existing: DeploymentFact[], name: string): DeploymentFact | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const mine = new RegExp(`^${escaped}(-[0-9a-f]{8})?$`);
  return existing.find((d) => mine.test(d.name));
}

// Only fine-tuned deployments count against the 5; one whose model is not shown is counted, to be safe.
export const isFineTuned = (d: DeploymentFact) => /\.ft-|^ftchkpt-|:ckpt-step-/.test(d.model) || d.model === "";

function deploymentRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  if (plan.deployments.length === 0) return [];
  const existing = reads.deployments;
  if (!existing.ok) return [cannot("deployments: count", existing, "the room for deployments")];
  return [countRow(plan, existing.value, existing.evidence), ...capacityRows(plan, existing.value, reads)];
}

function countRow(plan: PreflightPlan, existing: DeploymentFact[], evidence: string): CheckRow {
  const used = existing.filter(isFineTuned).length;
  const kept = plan.deployments.filter((d) => keptDeployment(existing, d.name));
  const added = plan.deployments.length - kept.length;
  const free = Math.max(0, FINE_TUNED_DEPLOYMENT_LIMIT - used);
  const figures = `${used} of ${FINE_TUNED_DEPLOYMENT_LIMIT} fine-tuned deployments used, ${free} free; this plan keeps ${kept.length} and adds ${added}`;
  return added > free
    ? {
        check: "deployments: count",
        result: "fail",
        detail: `account ${plan.account} has no room: ${figures} (${added - free} too many)`,
        evidence,
      }
    : { check: "deployments: count", result: "pass", detail: figures, evidence };
}

function capacityRows(plan: PreflightPlan, existing: DeploymentFact[], reads: PreflightReads): CheckRow[] {
  // Per usage (a sku's TPM quota), what this plan adds beyond what its kept deployments already hold.
  const needs = new Map<string, { sku: string; need: number; kept: number; deployments: string[] }>();
  const unknown: string[] = [];
  const usages = reads.usages;
  for (const d of plan.deployments) {
    const name = usages.ok ? usageFor(d, reads.models.ok ? reads.models.value : [], usages.value) : undefined;
    if (!name) {
      unknown.push(`${d.key} (${d.sku})`);
      continue;
    }
    const kept = keptDeployment(existing, d.name);
    const held = kept && kept.sku.toLowerCase() === d.sku.toLowerCase() ? kept.capacity : 0;
    const entry = needs.get(name) ?? { sku: d.sku, need: 0, kept: 0, deployments: [] };
    entry.need += Math.max(0, d.capacity - held);
    entry.kept += held;
    entry.deployments.push(`${d.key} ${d.capacity}`);
    needs.set(name, entry);
  }
  const rows: CheckRow[] = [];
  for (const [name, n] of needs) {
    const u = (usages.ok ? usages.value : []).find((x) => x.name === name)!;
    const free = Math.max(0, u.limit - u.currentValue);
    const figures = `${u.currentValue} of ${u.limit} used (${name}), ${free} free; this plan asks ${n.deployments.join(", ")}: ${n.need} more beyond the ${n.kept} its deployments hold`;
    rows.push(
      n.need > free
        ? {
            check: `capacity: ${n.sku}`,
            result: "fail",
            detail: `not enough ${n.sku} capacity on account ${plan.account}: ${figures}`,
            evidence: usages.evidence,
          }
        : { check: `capacity: ${n.sku}`, result: "pass", detail: figures, evidence: usages.evidence },
    );
  }
  if (unknown.length > 0) {
    rows.push(
      usages.ok
        ? {
            check: "capacity",
            result: "warn",
            detail: `no usage figure for ${unknown.join(", ")}: capacity not checked`,
            evidence: usages.evidence,
          }
        : cannot("capacity", usages, `the capacity for ${unknown.join(", ")}`),
    );
  }
  return rows;
}

/**
 * The usage that counts a deployment's capacity, among the subscription's usages in the account's region: the model
 * list's usageName for its sku; else the one usage of that sku; else the one of that sku named after the base model
 * (`OpenAI.<sku>.<model>`, dated or not). The names of fine-tuned models' usages are UNCONFIRMED, hence the fallbacks.
 */
function usageFor(d: PlannedDeployment, models: AccountModelFact[], usages: UsageFact[]): string | undefined {
  const model = d.baseModel ? models.find((m) => m.id.toLowerCase() === d.baseModel!.toLowerCase()) : undefined;
  const named = model?.skus.find((s) => s.name.toLowerCase() === d.sku.toLowerCase())?.usageName;
  if (named && usages.some((u) => u.name === named)) return named;
  const ofSku = usages.filter((u) => u.name.toLowerCase().startsWith(`openai.${d.sku.toLowerCase()}.`));
  if (ofSku.length === 1) return ofSku[0]!.name;
  const base = d.baseModel?.toLowerCase();
  const undated = base?.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  const ofModel = base
    ? ofSku.filter((u) => [base, undated].includes(u.name.toLowerCase().split(".").slice(2).join(".")))
    : [];
  return ofModel.length === 1 ? ofModel[0]!.name : undefined;
}

/** The table printed by the preview and the doctor. */
export function formatRows(rows: CheckRow[]): string {
  const mark = { pass: "ok", fail: "FAIL", warn: "warn" } as const;
  return rows
    .map((r) => `  ${mark[r.result].padEnd(4)}  ${r.check}: ${r.detail}\n        evidence: ${r.evidence}`)
    .join("\n");
}
