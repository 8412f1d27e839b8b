// Control-plane deployments: long-running PUT/PATCH/DELETE with an operation record, one write at a time per
// account (409 RequestConflict otherwise), model resolution within the account or the account named by
// properties.model.source, the fine-tuned deployment quota, and Azure's lifetime rules.

import {
  ARM_DEPLOYMENT_NOT_FOUND,
  ARM_MODEL_NOT_READY_CODE,
  ARM_QUOTA_EXCEEDED,
  areaOf,
  CAPACITY_LIMIT_PER_SKU,
  capacityShortfallMessage,
  DEPLOYMENT_CAPABILITIES,
  DEVELOPER_TIER_LIFETIME_MS,
  DEVELOPER_TIER_MIN_ARM_VERSION,
  DEVELOPER_TIER_MODELS,
  FINE_TUNED_SKUS,
  IDLE_DELETION_MS,
  MAX_FINE_TUNED_DEPLOYMENTS,
  OTHER_SKUS,
} from "../azure-facts";
import { armError, type ServiceError } from "../http/errors";
import { newHex } from "../ids";
import type { AccountStore } from "../store/accounts";
import type { DeploymentRow, DeploymentStore } from "../store/deployments";
import type { Strictness } from "../strictness";
import type { Timing } from "../timing";
import type { AccountRegions } from "./account-models";
import type { JobService } from "./jobs";
import { baseOf, PROVISIONED_SKUS, provisionedSkuError } from "./provisioned";
import type { DeploymentDoc, OperationRow } from "./types";

export interface ArmScope {
  subscription: string;
  resourceGroup: string;
  account: string;
}
export interface LroResult {
  status: number;
  body: DeploymentDoc | null;
  operationId: string;
}

const ARM_ACCOUNT_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/?$/i;

export function accountArmId(s: { subscription: string; resourceGroup: string; account: string }): string {
  return `/subscriptions/${s.subscription}/resourceGroups/${s.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${s.account}`;
}

export class DeploymentService {
  constructor(
    private readonly store: DeploymentStore,
    private readonly accounts: AccountStore,
    private readonly jobs: JobService,
    private readonly timing: Timing,
    private readonly log: (m: string) => void,
    private readonly strict: Strictness,
    /** The accounts' regions, which a deployment's capabilities.area follows. */
    private readonly regions: AccountRegions,
  ) {}

  get(scope: ArmScope, name: string): DeploymentDoc {
    return this.row(scope.account, name).doc;
  }
  list(scope: ArmScope): DeploymentDoc[] {
    return this.store.list(scope.account).map((r) => r.doc);
  }

  put(scope: ArmScope, name: string, body: unknown, apiVersion: string): LroResult {
    const b = asObject(body, "body");
    if (b.properties !== undefined && asObject(b.properties, "properties").scaleSettings !== undefined) {
      throw invalidProps("properties.scaleSettings is not supported since api-version 2023-05-01; use sku.");
    }
    const props = asObject(b.properties, "properties");
    const model = asObject(props.model, "properties.model");
    const modelName = stringField(model.name, "properties.model.name");
    const format = model.format === undefined ? "OpenAI" : stringField(model.format, "properties.model.format");
    const version = model.version === undefined ? "1" : String(model.version);
    const source =
      model.source === undefined || model.source === null
        ? undefined
        : stringField(model.source, "properties.model.source");
    const sku = parseSku(b.sku, modelName);
    const tags = b.tags === undefined ? undefined : (asObject(b.tags, "tags") as Record<string, string>);

    this.lock(scope);
    const modelAccount = source ? this.sourceAccount(source, modelName, format, version) : scope.account;
    const ckpt = format === "OpenAI" ? this.jobs.findTrainedModel(modelAccount, modelName) : undefined;
    checkProvisioned(
      sku,
      ckpt?.doc.fine_tuned_model_checkpoint ?? modelName,
      modelName,
      this.regions.get(scope.account),
    );
    if (!ckpt) {
      throw armError(
        400,
        ARM_MODEL_NOT_READY_CODE,
        `The model 'Format: ${format}, Name: ${modelName}, Version: ${version}, Source: ${source ?? ""}' of account deployment is not supported.`,
      );
    }
    this.checkSku(sku, this.jobs.rootBaseOf(modelAccount, ckpt.doc.fine_tuning_job_id), apiVersion);
    const existing = this.store.get(scope.account, name);
    // Azure compares the model named in the request, not what it resolves to.
    if (
      existing &&
      (existing.doc.properties.model.name !== modelName || existing.internal.modelAccount !== modelAccount)
    ) {
      throw armError(
        400,
        "ModelUpgradeNotSupported",
        "Model updates are not supported for finetuned model deployments.",
      );
    }
    if (!existing && this.store.list(scope.account).length >= MAX_FINE_TUNED_DEPLOYMENTS) {
      throw armError(
        ARM_QUOTA_EXCEEDED.status,
        ARM_QUOTA_EXCEEDED.code,
        `The account '${scope.account}' already has ${MAX_FINE_TUNED_DEPLOYMENTS} fine-tuned deployments, the maximum.`,
      );
    }
    this.checkCapacity(scope, name, sku);
    this.accounts.ensure(scope.account, scope);
    const now = new Date().toISOString();
    const doc: DeploymentDoc = {
      id: `${accountArmId(scope)}/deployments/${name}`,
      name,
      type: "Microsoft.CognitiveServices/accounts/deployments",
      etag: `"${newHex()}"`,
      sku,
      properties: {
        ...(existing?.doc.properties ?? {}),
        ...(props as object),
        model: { format, name: modelName, version, ...(source ? { source } : {}) },
        // Recorded: a new deployment reads Creating [REC-ARM]; an update's state is unrecorded (GUESS: Accepted).
        provisioningState: existing ? "Accepted" : "Creating",
        versionUpgradeOption:
          typeof props.versionUpgradeOption === "string" ? props.versionUpgradeOption : "NoAutoUpgrade",
        ...deploymentFigures(sku, this.regions.get(scope.account)),
      },
      systemData: {
        createdAt: existing?.doc.systemData.createdAt ?? now,
        createdBy: "emulator",
        createdByType: "User",
        lastModifiedAt: now,
        lastModifiedBy: "emulator",
        lastModifiedByType: "User",
      },
      ...(tags ? { tags } : existing?.doc.tags ? { tags: existing.doc.tags } : {}),
    };
    const nowMs = Date.now();
    this.store.upsert(scope.account, doc, {
      modelAccount,
      checkpointId: ckpt.doc.id,
      createdMs: existing?.internal.createdMs ?? nowMs,
      lastUsedMs: existing?.internal.lastUsedMs ?? nowMs,
      provisioned: existing?.internal.provisioned ?? false,
    });
    const op = this.startOperation(scope.account, name, existing ? "update" : "create");
    return { status: existing ? 200 : 201, body: doc, operationId: op.id };
  }

  patch(scope: ArmScope, name: string, body: unknown, apiVersion: string): LroResult {
    const b = asObject(body, "body");
    for (const key of Object.keys(b)) {
      if (key !== "sku" && key !== "tags")
        throw invalidProps(`Only sku and tags may be changed with PATCH (got '${key}').`);
    }
    const row = this.row(scope.account, name);
    const sku =
      b.sku === undefined
        ? row.doc.sku
        : parseSku({ ...row.doc.sku, ...asObject(b.sku, "sku") }, row.doc.properties.model.name);
    const trained = this.jobs.findTrainedModel(row.internal.modelAccount, row.doc.properties.model.name);
    checkProvisioned(
      sku,
      trained?.doc.fine_tuned_model_checkpoint ?? row.doc.properties.model.name,
      row.doc.properties.model.name,
      this.regions.get(scope.account),
    );
    this.lock(scope);
    const ckpt = this.jobs.findTrainedModel(row.internal.modelAccount, row.internal.checkpointId);
    if (ckpt)
      this.checkSku(sku, this.jobs.rootBaseOf(row.internal.modelAccount, ckpt.doc.fine_tuning_job_id), apiVersion);
    this.checkCapacity(scope, name, sku);
    const doc: DeploymentDoc = {
      ...row.doc,
      etag: `"${newHex()}"`,
      sku,
      ...(b.tags !== undefined ? { tags: asObject(b.tags, "tags") as Record<string, string> } : {}),
      properties: {
        ...row.doc.properties,
        ...deploymentFigures(sku, this.regions.get(scope.account)),
        provisioningState: "Accepted",
      },
      systemData: { ...row.doc.systemData, lastModifiedAt: new Date().toISOString() },
    };
    this.store.upsert(scope.account, doc, row.internal);
    const op = this.startOperation(scope.account, name, "update");
    return { status: 202, body: doc, operationId: op.id };
  }

  /** Returns null when there is nothing to delete (ARM answers 204). */
  delete(scope: ArmScope, name: string): LroResult | null {
    const row = this.store.get(scope.account, name);
    if (!row) return null;
    this.lock(scope);
    this.store.upsert(
      scope.account,
      { ...row.doc, properties: { ...row.doc.properties, provisioningState: "Deleting" } },
      row.internal,
    );
    const op = this.startOperation(scope.account, name, "delete");
    return { status: 202, body: null, operationId: op.id };
  }

  operation(id: string): OperationRow | undefined {
    return this.store.operation(id);
  }

  /** Admin: remove a deployment the way Azure's idle rule or the DeveloperTier lifetime does. */
  expire(account: string, name: string, reason: "idle" | "developerTier"): void {
    this.row(account, name);
    this.store.delete(account, name);
    this.log(`deployment ${account}/${name} expired (${reason})`);
  }

  /** Applies the lifetime rules (time-scaled): 15 idle days, or 24 h for DeveloperTier. */
  sweepExpired(nowMs = Date.now()): void {
    for (const r of this.store.all()) {
      if (r.doc.properties.provisioningState !== "Succeeded") continue;
      const devTier =
        r.doc.sku.name === "DeveloperTier" &&
        nowMs - r.internal.createdMs >= this.timing.scaled(DEVELOPER_TIER_LIFETIME_MS);
      const idle = nowMs - r.internal.lastUsedMs >= this.timing.scaled(IDLE_DELETION_MS);
      if (devTier || idle) this.expire(r.account, r.doc.name, devTier ? "developerTier" : "idle");
    }
  }

  /** Finishes operations that were in flight when the service stopped. */
  recover(): void {
    for (const op of this.store.inProgress()) this.scheduleCompletion(op);
  }

  /**
   * The deployment that answers chat completions: provisioned once, not yet deleted, and (strict) past the
   * warm-up after its first provisioning, during which Azure still answers DeploymentNotFound.
   */
  forInference(account: string, name: string, nowMs = Date.now()): DeploymentRow | undefined {
    const row = this.store.get(account, name);
    if (!row || !(row.internal.provisioned || row.doc.properties.provisioningState === "Succeeded")) return undefined;
    const ready = (row.internal.readyMs ?? 0) + (this.strict.inferenceWarmup ? this.timing.ms("inferenceWarmup") : 0);
    return nowMs >= ready ? row : undefined;
  }
  touch(account: string, name: string): void {
    this.store.touch(account, name, Date.now());
  }
  /** Admin: when each deployment of the account was created and last answered (what Azure keeps in its metrics). */
  usage(account: string): { name: string; model: string; createdAt: string; lastUsedAt: string }[] {
    return this.store.list(account).map((r) => ({
      name: r.doc.name,
      model: r.doc.properties.model.name,
      createdAt: new Date(r.internal.createdMs).toISOString(),
      lastUsedAt: new Date(r.internal.lastUsedMs).toISOString(),
    }));
  }
  /** Admin (test control): back-date a deployment's last inference, to drive idle reports without waiting days. */
  setLastUsed(account: string, name: string, atMs: number): void {
    this.row(account, name);
    this.store.touch(account, name, atMs);
  }
  isDeployed(checkpointId: string): boolean {
    return this.store.all().some((r) => r.internal.checkpointId === checkpointId);
  }

  /** DeveloperTier only for the gpt-4.1 family, on the ARM version its samples use (strict). */
  private checkSku(sku: DeploymentDoc["sku"], base: string, apiVersion: string): void {
    if (sku.name !== "DeveloperTier" || !this.strict.developerTierRules) return;
    if (!DEVELOPER_TIER_MODELS.includes(base)) {
      throw invalidProps(
        `The specified SKU 'DeveloperTier' of account deployment is not supported by the model '${base}' version: '1'.`,
      );
    }
    if (apiVersion.slice(0, 10) < DEVELOPER_TIER_MIN_ARM_VERSION.slice(0, 10)) {
      throw invalidProps(
        `The specified SKU 'DeveloperTier' is not supported in api-version '${apiVersion}'; use ${DEVELOPER_TIER_MIN_ARM_VERSION} or later.`,
      );
    }
  }

  /**
   * The subscription's deployments in one region (Usages_List's scope: quota is per subscription, region, model
   * and sku); the subscription is read from each deployment's ARM id.
   */
  inRegion(subscription: string, location: string): DeploymentRow[] {
    const prefix = `/subscriptions/${subscription}/`.toLowerCase();
    const region = location.replace(/\s+/g, "").toLowerCase();
    return this.store
      .all()
      .filter((r) => r.doc.id.toLowerCase().startsWith(prefix) && this.regions.get(r.account) === region);
  }

  /** TPM capacity per subscription, region and sku (strict): a shortfall is InsufficientQuota, as Azure words it. */
  private checkCapacity(scope: ArmScope, name: string, sku: DeploymentDoc["sku"]): void {
    if (!this.strict.capacityQuota) return;
    const used = this.inRegion(scope.subscription, this.regions.get(scope.account))
      .filter((r) => !(r.account === scope.account && r.doc.name === name) && r.doc.sku.name === sku.name)
      .reduce((sum, r) => sum + r.doc.sku.capacity, 0);
    const available = Math.max(0, CAPACITY_LIMIT_PER_SKU - used);
    if (sku.capacity > available) {
      throw armError(
        ARM_QUOTA_EXCEEDED.status,
        ARM_QUOTA_EXCEEDED.code,
        capacityShortfallMessage(sku.capacity, available, sku.name, "fine-tune"),
      );
    }
  }

  private row(account: string, name: string): DeploymentRow {
    const row = this.store.get(account, name);
    if (!row)
      throw armError(
        ARM_DEPLOYMENT_NOT_FOUND.status,
        ARM_DEPLOYMENT_NOT_FOUND.code,
        `Deployment '${name}' was not found in account '${account}'.`,
      );
    return row;
  }

  private lock(scope: ArmScope): void {
    if (this.store.inProgress(scope.account).length > 0) {
      throw armError(
        409,
        "RequestConflict",
        `Another operation is being performed on the parent resource '${accountArmId(scope)}'. Please try again later.`,
      );
    }
  }

  private sourceAccount(source: string, modelName: string, format: string, version: string): string {
    const m = ARM_ACCOUNT_ID.exec(source);
    const name = m?.[1];
    if (!name || !this.accounts.get(name)) {
      throw armError(
        400,
        ARM_MODEL_NOT_READY_CODE,
        `The model 'Format: ${format}, Name: ${modelName}, Version: ${version}, Source: ${source}' of account deployment is not supported.`,
      );
    }
    return name;
  }

  private startOperation(account: string, deployment: string, kind: OperationRow["kind"]): OperationRow {
    const op: OperationRow = {
      id: newHex(),
      account,
      deployment,
      kind,
      status: "InProgress",
      started_at: new Date().toISOString(),
      ended_at: null,
      error: null,
    };
    this.store.addOperation(op);
    this.scheduleCompletion(op);
    return op;
  }

  private scheduleCompletion(op: OperationRow): void {
    setTimeout(() => {
      try {
        this.complete(op);
      } catch (e) {
        this.log(`operation ${op.id}: ${(e as Error).message}`);
      }
    }, this.timing.ms("provisioning")).unref();
  }

  private complete(op: OperationRow): void {
    const row = this.store.get(op.account, op.deployment);
    if (op.kind === "delete") {
      if (row) this.store.delete(op.account, op.deployment);
    } else if (row) {
      this.store.upsert(
        op.account,
        { ...row.doc, properties: { ...row.doc.properties, provisioningState: "Succeeded" } },
        { ...row.internal, provisioned: true, readyMs: row.internal.readyMs ?? Date.now() },
      );
    } else {
      this.store.finishOperation(op.id, "Failed", "The deployment was removed while it was being provisioned.");
      return;
    }
    this.store.finishOperation(op.id, "Succeeded");
  }
}

/**
 * What a deployment reports beside its model [REC-DEPLOYMENT]: the capacity it has now, the capabilities Azure lists for a
 * fine-tuned chat model, and rate limits derived from the capacity (per 60 s: the capacity in requests, a
 * thousand times it in tokens).
 */
function deploymentFigures(sku: DeploymentDoc["sku"], region: string) {
  const area = areaOf(region);
  return {
    currentCapacity: sku.capacity,
    capabilities: { chatCompletion: "true", ...(area ? { area } : {}), ...DEPLOYMENT_CAPABILITIES },
    rateLimits: [
      { key: "request", renewalPeriod: 60, count: sku.capacity },
      { key: "token", renewalPeriod: 60, count: sku.capacity * 1000 },
    ],
  };
}

function parseSku(v: unknown, modelName: string): DeploymentDoc["sku"] {
  const sku = asObject(v, "sku");
  const name = stringField(sku.name, "sku.name");
  const canonical = [...FINE_TUNED_SKUS, ...PROVISIONED_SKUS].find((s) => s.toLowerCase() === name.toLowerCase());
  if (!canonical) {
    const known = OTHER_SKUS.some((s) => s.toLowerCase() === name.toLowerCase());
    throw invalidProps(
      known
        ? `The specified SKU '${name}' of account deployment is not supported by the model '${modelName}' version: '1'.`
        : `sku.name '${name}' is not a known SKU; use one of ${FINE_TUNED_SKUS.join(", ")}.`,
    );
  }
  const capacity = sku.capacity === undefined ? 1 : sku.capacity;
  if (!Number.isInteger(capacity) || (capacity as number) < 1)
    throw invalidProps("sku.capacity must be a positive integer.");
  return { ...sku, name: canonical, capacity: capacity as number };
}

/** PTU skus: only for some base models, regional, in their regions and units (emulator/domain/provisioned.ts). */
function checkProvisioned(sku: DeploymentDoc["sku"], trainedName: string, modelName: string, region: string): void {
  const error = provisionedSkuError(sku.name, sku.capacity, baseOf(trainedName), modelName, region);
  if (error) throw invalidProps(error);
}

function invalidProps(message: string): ServiceError {
  return armError(400, "InvalidResourceProperties", message);
}
function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw armError(400, "InvalidRequestContent", `${what} must be a JSON object.`);
  return v as Record<string, unknown>;
}
function stringField(v: unknown, what: string): string {
  if (typeof v !== "string" || v.length === 0)
    throw armError(400, "InvalidRequestContent", `${what} is required and must be a non-empty string.`);
  return v;
}
