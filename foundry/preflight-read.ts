// The read-only calls the preflight checks need, each bounded by a timeout, and each answer kept as it came
// (a value, a refusal with its status, or "could not tell"), so the pure checks can say which.
import type { AccountModel, CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import type { TokenCredential } from "@azure/identity";
import type { OpenAI } from "openai";
import { ARM_SCOPE } from "../azure/endpoints";
import { createArmClient } from "./control-plane";
import { resolveCredentials } from "./credentials";
import { createOpenAIClient } from "./data-plane-client";
import { dataPlaneRoute } from "./data-plane-route";
import { FoundryError, toFoundryError } from "./errors";
import { PERMISSIONS_API_VERSION, PREFLIGHT_READ_TIMEOUT_MS } from "./preflight-facts";
import { withRetry } from "./retry";
import { accountResourceId, type FoundryTarget, type ResolvedTarget, resolveTarget } from "./target";
import { trustCaFile } from "./tls";

/** One read: its value, or why there is none. `denied` = 401/403; `unavailable` = timeout, outage or an unexpected status. */
export type Read<T> =
  | { ok: true; value: T; evidence: string }
  | {
      ok: false;
      kind: "denied" | "unavailable" | "missing";
      status?: number;
      code?: string;
      message: string;
      evidence: string;
    };

export interface AccountModelFact {
  /** `name-version` as the data plane spells it, e.g. gpt-4.1-mini-2025-04-14. */
  id: string;
  capabilities: Record<string, string>;
  finetuneCapabilities: Record<string, string>;
  skus: Array<{ name: string; usageName?: string }>;
  /** Retirement dates (ISO), AccountModel.deprecation [S-ARM ModelDeprecationInfo]: training, and inference. */
  deprecation?: { fineTune?: string; inference?: string };
}
export interface UsageFact {
  name: string;
  currentValue: number;
  limit: number;
}
/** A fine-tuning file in the account (purpose fine-tune): what counts against the per-resource file limits. */
export interface FileFact {
  filename: string;
  bytes: number;
}
export interface DeploymentFact {
  name: string;
  model: string;
  sku: string;
  capacity: number;
}
export interface PermissionFact {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface PreflightReads {
  location: Read<string>;
  models: Read<AccountModelFact[]>;
  usages: Read<UsageFact[]>;
  deployments: Read<DeploymentFact[]>;
  permissions: Read<PermissionFact[]>;
  dataPlane: Read<number>;
  files: Read<FileFact[]>;
  /** Fine-tuned models named as a base (continuous fine-tuning from outside the stack), by id. */
  sources: Record<string, Read<string>>;
  /** How the data plane authenticates: a key grants every data action, so data actions are checked for tokens only. */
  dataPlaneAuth: "api-key" | "bearer";
  /** The Foundry project the data plane goes through, with the caller's permissions at its scope (where its data actions are granted). */
  project?: { name: string; permissions: Read<PermissionFact[]> };
}

export interface PreflightReaderOptions {
  apiKey?: string;
  credential?: TokenCredential;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** More pages than any role assignment list has: a loop guard. */
const MAX_PERMISSION_PAGES = 50;

export class PreflightReader {
  private readonly arm: CognitiveServicesManagementClient;
  private readonly openai: OpenAI;
  private readonly target: ResolvedTarget;
  readonly dataPlaneAuth: "api-key" | "bearer";
  private readonly timeoutMs: number;
  private readonly armCredential: TokenCredential;

  constructor(target: FoundryTarget, options: PreflightReaderOptions = {}) {
    this.target = resolveTarget(target);
    if (this.target.caCertPath) trustCaFile(this.target.caCertPath);
    const credentials = resolveCredentials(this.target, options);
    this.dataPlaneAuth = credentials.dataPlane.kind;
    this.timeoutMs = options.timeoutMs ?? PREFLIGHT_READ_TIMEOUT_MS;
    this.openai = createOpenAIClient(this.target, credentials.dataPlane, { timeoutMs: this.timeoutMs });
    this.armCredential = credentials.arm;
    this.arm = createArmClient(this.target, credentials.arm);
  }

  /** Every read at once (they are independent); none throws. */
  async readAll(sources: string[] = []): Promise<PreflightReads> {
    const rg = this.target.resourceGroup;
    const account = this.target.accountName;
    const armPath = accountResourceId(this.target);
    const locationRead = this.read(
      `GET ${armPath} (Accounts_Get)`,
      async () => (await this.arm.accounts.get(rg, account)).location ?? "unknown",
    );
    const [location, models, usages, deployments, permissions, dataPlane, files] = await Promise.all([
      locationRead,
      this.read(`GET ${armPath}/models (Accounts_ListModels)`, async () => {
        const out: AccountModelFact[] = [];
        for await (const m of this.arm.accounts.listModels(rg, account)) out.push(toModelFact(m));
        return out;
      }),
      // TPM quota is the subscription's, per region and model: Usages_List of the account's location, not Accounts_ListUsages.
      locationRead.then((where) =>
        where.ok ? this.usages(where.value) : { ...where, message: `no region to read quota for: ${where.message}` },
      ),
      this.read(`GET ${armPath}/deployments (Deployments_List)`, async () => {
        const out: DeploymentFact[] = [];
        for await (const d of this.arm.deployments.list(rg, account)) {
          out.push({
            name: d.name ?? "",
            model: d.properties?.model?.name ?? "",
            sku: d.sku?.name ?? "",
            capacity: d.sku?.capacity ?? 0,
          });
        }
        return out;
      }),
      this.read(`GET ${armPath}/providers/Microsoft.Authorization/permissions`, () => this.permissions(armPath)),
      this.read(
        `GET ${this.dataPlaneBase()}/fine_tuning/jobs?limit=1`,
        async () => (await this.openai.fineTuning.jobs.list({ limit: 1 })).data.length,
      ),
      this.read(`GET ${this.dataPlaneBase()}/files?purpose=fine-tune`, async () => {
        const out: FileFact[] = [];
        for await (const f of this.openai.files.list({ purpose: "fine-tune" })) {
          // A file being deleted (a status Azure reports beside OpenAI's) no longer counts.
          if (!["deleted", "deleting"].includes(String(f.status)))
            out.push({ filename: f.filename, bytes: f.bytes ?? 0 });
        }
        return out;
      }),
    ]);
    const found = await Promise.all(
      sources.map((id) =>
        this.read(`GET ${this.dataPlaneBase()}/models/${id}`, async () => (await this.openai.models.retrieve(id)).id),
      ),
    );
    const { project } = this.target;
    const projectPath = project ? `${armPath}/projects/${encodeURIComponent(project)}` : undefined;
    const projectPermissions = projectPath
      ? await this.read(`GET ${projectPath}/providers/Microsoft.Authorization/permissions`, () =>
          this.permissions(projectPath),
        )
      : undefined;
    return {
      location,
      models,
      usages,
      deployments,
      permissions,
      dataPlane,
      files,
      sources: Object.fromEntries(sources.map((id, i) => [id, found[i]!])),
      dataPlaneAuth: this.dataPlaneAuth,
      ...(project && projectPermissions ? { project: { name: project, permissions: projectPermissions } } : {}),
    };
  }

  private usages(location: string): Promise<Read<UsageFact[]>> {
    const path = `/subscriptions/${this.target.subscriptionId}/providers/Microsoft.CognitiveServices/locations/${location}/usages`;
    return this.read(`GET ${path} (Usages_List)`, async () => {
      const out: UsageFact[] = [];
      for await (const u of this.arm.usages.list(location))
        out.push({ name: u.name?.value ?? "", currentValue: u.currentValue ?? 0, limit: u.limit ?? 0 });
      return out;
    });
  }

  private dataPlaneBase(): string {
    return dataPlaneRoute(this.target).baseURL;
  }

  /**
   * Microsoft.Authorization/permissions (no operation of the Cognitive Services SDK), with the ARM credential's
   * token, every page: the list is pageable (`nextLink`), and a role on a later page may be the one that allows.
   * A nextLink is followed only on the ARM endpoint itself, so the token never goes elsewhere.
   */
  private async permissions(armPath: string): Promise<PermissionFact[]> {
    // armPath: the account's ARM id, or a project's under it.
    const token = await this.armCredential.getToken(ARM_SCOPE);
    const out: PermissionFact[] = [];
    let url: string | undefined =
      `${this.target.armEndpoint}${armPath}/providers/Microsoft.Authorization/permissions?api-version=${PERMISSIONS_API_VERSION}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PERMISSION_PAGES || new URL(url).origin !== new URL(this.target.armEndpoint).origin) {
        throw new FoundryError({
          message: `the permissions list did not end within ${MAX_PERMISSION_PAGES} pages on ${this.target.armEndpoint}`,
        });
      }
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token?.token ?? ""}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = safeJson(await response.text()) as
        | { value?: Partial<PermissionFact>[]; nextLink?: string; error?: { code?: string; message?: string } }
        | undefined;
      if (!response.ok) {
        throw new FoundryError({
          message: body?.error?.message ?? `status ${response.status}`,
          status: response.status,
          ...(body?.error?.code ? { code: body.error.code } : {}),
        });
      }
      out.push(
        ...(body?.value ?? []).map((p) => ({
          actions: p.actions ?? [],
          notActions: p.notActions ?? [],
          dataActions: p.dataActions ?? [],
          notDataActions: p.notDataActions ?? [],
        })),
      );
      url = body?.nextLink || undefined;
    }
    return out;
  }

  private async read<T>(evidence: string, call: () => Promise<T>): Promise<Read<T>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer after ${Math.round(this.timeoutMs / 1000)} s`)),
        this.timeoutMs,
      );
    });
    try {
      // One retry for a throttle or a blip; a preflight must stay cheap.
      const value = await Promise.race([withRetry(call, { maxRetries: 1, deadlineMs: this.timeoutMs }), timeout]);
      return { ok: true, value, evidence: `${evidence}: 200` };
    } catch (raw) {
      const error = toFoundryError(raw);
      const status = error.status;
      const kind = status === 401 || status === 403 ? "denied" : status === 404 ? "missing" : "unavailable";
      return {
        ok: false,
        kind,
        message: error.message,
        evidence: `${evidence}: ${status ?? error.code ?? "no answer"}${error.code && status ? ` ${error.code}` : ""}`,
        ...(status !== undefined ? { status } : {}),
        ...(error.code ? { code: error.code } : {}),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

function toModelFact(m: AccountModel): AccountModelFact {
  const name = m.name ?? "";
  // The ARM list splits gpt-4.1-mini-2025-04-14 into name and version; fine-tuned models carry version "1".
  const id = m.version && /^\d{4}(-\d{2}-\d{2})?$/.test(m.version) ? `${name}-${m.version}` : name;
  return {
    id,
    capabilities: { ...(m.capabilities ?? {}) },
    finetuneCapabilities: { ...(m.finetuneCapabilities ?? {}) },
    skus: (m.skus ?? []).map((s) => ({ name: s.name ?? "", ...(s.usageName ? { usageName: s.usageName } : {}) })),
    ...(m.deprecation?.fineTune || m.deprecation?.inference
      ? {
          deprecation: {
            ...(m.deprecation.fineTune ? { fineTune: String(m.deprecation.fineTune) } : {}),
            ...(m.deprecation.inference ? { inference: String(m.deprecation.inference) } : {}),
          },
        }
      : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
