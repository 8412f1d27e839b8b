// Model deployments through ARM (@azure/arm-cognitiveservices): long-running PUT/PATCH/DELETE awaited to a
// terminal state, one write per account at a time, each through the retry policy.
import {
  CognitiveServicesManagementClient,
  type CognitiveServicesManagementClientOptionalParams,
  type Deployment,
} from "@azure/arm-cognitiveservices";
import type { TokenCredential } from "@azure/identity";
import { ARM_SCOPE } from "../azure/endpoints";
import { FINE_TUNED_MODEL_FORMAT, FINE_TUNED_MODEL_VERSION } from "../azure/wire";
import { accountWriteLock, type KeyedMutex } from "./account-lock";
import { toFoundryError, undefinedIfNotFound } from "./errors";
import { type RetryOptions, withRetry } from "./retry";
import { accountKey, type ResolvedTarget } from "./target";

export type ArmHttpClient = NonNullable<CognitiveServicesManagementClientOptionalParams["httpClient"]>;

export type VersionUpgradeOption = "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade";

export interface DeploymentSku {
  name: string;
  capacity: number;
}

export interface DeploymentSpec {
  /** A fine-tuned model name or checkpoint id; format/version default to the fine-tuned values. */
  model: { name: string; format?: string; version?: string; source?: string };
  sku: DeploymentSku;
  raiPolicyName?: string;
  versionUpgradeOption?: VersionUpgradeOption;
  tags?: Record<string, string>;
}

/** What a deployment looks like on the service, flattened. */
export interface DeploymentState {
  id?: string;
  name: string;
  model: { name?: string; format?: string; version?: string; source?: string };
  sku?: DeploymentSku;
  raiPolicyName?: string;
  versionUpgradeOption?: string;
  provisioningState?: string;
  tags?: Record<string, string>;
}

export interface ControlPlaneOptions {
  httpClient?: ArmHttpClient;
  /** LRO polling interval; the poller obeys the service's Retry-After when it sends one. */
  pollIntervalMs?: number;
  retry?: Omit<RetryOptions, "recover">;
  lock?: KeyedMutex;
  /** The client for DeveloperTier writes, when they need a newer ARM api-version (azure-facts armApiVersionFor). */
  developerTierClient?: CognitiveServicesManagementClient;
}

export function createArmClient(
  target: Pick<ResolvedTarget, "armEndpoint" | "armApiVersion" | "subscriptionId">,
  credential: TokenCredential,
  httpClient?: ArmHttpClient,
): CognitiveServicesManagementClient {
  return new CognitiveServicesManagementClient(credential, target.subscriptionId, {
    endpoint: target.armEndpoint,
    $host: target.armEndpoint,
    apiVersion: target.armApiVersion,
    credentialScopes: [ARM_SCOPE],
    // foundry/retry.ts is the only retry layer (see the comment there).
    retryOptions: { maxRetries: 0 },
    ...(httpClient ? { httpClient } : {}),
  });
}

export class ControlPlane {
  private readonly lock: KeyedMutex;
  private readonly lockKey: string;

  constructor(
    private readonly client: CognitiveServicesManagementClient,
    private readonly target: Pick<ResolvedTarget, "armEndpoint" | "subscriptionId" | "resourceGroup" | "accountName">,
    private readonly options: ControlPlaneOptions = {},
  ) {
    this.lock = options.lock ?? accountWriteLock;
    this.lockKey = accountKey(target);
  }

  async getDeployment(name: string): Promise<DeploymentState | undefined> {
    const found = await undefinedIfNotFound(
      withRetry(
        () => this.client.deployments.get(this.target.resourceGroup, this.target.accountName, name),
        this.options.retry,
      ),
    );
    return found ? toDeploymentState(found) : undefined;
  }

  async listDeployments(): Promise<DeploymentState[]> {
    return withRetry(async () => {
      const all: DeploymentState[] = [];
      for await (const deployment of this.client.deployments.list(this.target.resourceGroup, this.target.accountName)) {
        all.push(toDeploymentState(deployment));
      }
      return all;
    }, this.options.retry);
  }

  /** The client a write of this sku goes through: DeveloperTier is written with the ARM version its samples use. */
  private writer(skuName: string): CognitiveServicesManagementClient {
    return skuName.toLowerCase() === "developertier" && this.options.developerTierClient
      ? this.options.developerTierClient
      : this.client;
  }

  /** PUT the whole deployment and wait for a terminal provisioning state. */
  async createOrUpdateDeployment(name: string, spec: DeploymentSpec): Promise<DeploymentState> {
    const body = deploymentBody(spec);
    return this.write(async () => {
      try {
        return toDeploymentState(
          await this.writer(spec.sku.name).deployments.beginCreateOrUpdateAndWait(
            this.target.resourceGroup,
            this.target.accountName,
            name,
            body,
            this.lroOptions(),
          ),
        );
      } catch (error) {
        const landed = await this.followAfterFailure(
          error,
          name,
          (d) =>
            d.model.name === spec.model.name &&
            sameSku(d.sku, spec.sku) &&
            (spec.raiPolicyName === undefined || d.raiPolicyName === spec.raiPolicyName) &&
            (spec.versionUpgradeOption === undefined || d.versionUpgradeOption === spec.versionUpgradeOption),
        );
        if (landed && landed !== GONE) return landed;
        throw error;
      }
    });
  }

  /** PATCH only the sku (name and capacity), which Azure changes in place. */
  async updateDeploymentSku(name: string, sku: DeploymentSku): Promise<DeploymentState> {
    return this.write(async () => {
      try {
        return toDeploymentState(
          await this.writer(sku.name).deployments.beginUpdateAndWait(
            this.target.resourceGroup,
            this.target.accountName,
            name,
            { sku: { name: sku.name, capacity: sku.capacity } },
            this.lroOptions(),
          ),
        );
      } catch (error) {
        const landed = await this.followAfterFailure(error, name, (d) => sameSku(d.sku, sku));
        if (landed && landed !== GONE) return landed;
        throw error;
      }
    });
  }

  /** PATCH only the tags (ARM replaces the whole set), leaving model and sku as they serve. */
  async updateDeploymentTags(name: string, tags: Record<string, string>): Promise<DeploymentState> {
    return this.write(async () => {
      try {
        return toDeploymentState(
          await this.client.deployments.beginUpdateAndWait(
            this.target.resourceGroup,
            this.target.accountName,
            name,
            { tags },
            this.lroOptions(),
          ),
        );
      } catch (error) {
        const landed = await this.followAfterFailure(
          error,
          name,
          (d) => JSON.stringify(d.tags ?? {}) === JSON.stringify(tags),
        );
        if (landed && landed !== GONE) return landed;
        throw error;
      }
    });
  }

  /** Deletes and waits; returns false when it was already gone (ARM answers 204, or 404). */
  async deleteDeployment(name: string): Promise<boolean> {
    return this.write(async () => {
      let firstStatus: number | undefined;
      try {
        const done = await undefinedIfNotFound(
          this.client.deployments
            .beginDeleteAndWait(this.target.resourceGroup, this.target.accountName, name, {
              ...this.lroOptions(),
              onResponse: (response) => void (firstStatus ??= response.status),
            })
            .then(() => true),
        );
        return done === true && firstStatus !== 204;
      } catch (error) {
        if (firstStatus === 202 && (await this.followAfterFailure(error, name, () => false, true)) === GONE)
          return true;
        throw error;
      }
    });
  }

  /**
   * A long-running write whose polling failed transiently (throttled, dropped) may well have been accepted:
   * writing again would meet 409 while it runs, or fail the same way. So follow the deployment itself until
   * it settles. Returns it once it is in the wanted state (or GONE, when waiting for a delete), and undefined
   * when the write evidently did not land, so the caller's retry writes again.
   */
  private async followAfterFailure(
    error: unknown,
    name: string,
    wanted: (d: DeploymentState) => boolean,
    deleting = false,
  ): Promise<DeploymentState | typeof GONE | undefined> {
    if (!toFoundryError(error).retryable) return undefined;
    const sleep = this.options.retry?.sleep ?? defaultSleep;
    const now = this.options.retry?.now ?? Date.now;
    const deadline = now() + FOLLOW_TIMEOUT_MS;
    for (;;) {
      const current = await this.getDeployment(name).catch((e: unknown) => {
        if (toFoundryError(e).retryable) return "unknown" as const;
        throw e;
      });
      if (current !== "unknown") {
        if (!current) return deleting ? GONE : undefined;
        const state = current.provisioningState ?? "";
        if (deleting && state !== "Deleting") return undefined;
        if (!deleting && !wanted(current)) return undefined;
        if (!deleting && state === "Succeeded") return current;
        if (state === "Failed" || state === "Canceled") return undefined;
      }
      if (now() > deadline) return undefined;
      await sleep(this.options.pollIntervalMs ?? 1000);
    }
  }

  private write<T>(operation: () => Promise<T>): Promise<T> {
    return this.lock.run(this.lockKey, () => withRetry(operation, this.options.retry));
  }

  private lroOptions(): { updateIntervalInMs?: number } {
    return this.options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: this.options.pollIntervalMs };
  }
}

const GONE = "gone" as const;
/** How long to follow a deployment whose write lost its polling before writing again. */
const FOLLOW_TIMEOUT_MS = 10 * 60_000;

function sameSku(a: DeploymentSku | undefined, b: DeploymentSku): boolean {
  return a !== undefined && a.name.toLowerCase() === b.name.toLowerCase() && a.capacity === b.capacity;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ARM request body for a deployment PUT (pure; tested on its own). */
function deploymentBody(spec: DeploymentSpec): Deployment {
  const model: NonNullable<NonNullable<Deployment["properties"]>["model"]> = {
    format: spec.model.format ?? FINE_TUNED_MODEL_FORMAT,
    name: spec.model.name,
    version: spec.model.version ?? FINE_TUNED_MODEL_VERSION,
    ...(spec.model.source ? { source: spec.model.source } : {}),
  };
  return {
    sku: { name: spec.sku.name, capacity: spec.sku.capacity },
    properties: {
      model,
      ...(spec.raiPolicyName ? { raiPolicyName: spec.raiPolicyName } : {}),
      ...(spec.versionUpgradeOption ? { versionUpgradeOption: spec.versionUpgradeOption } : {}),
    },
    ...(spec.tags ? { tags: spec.tags } : {}),
  };
}

function toDeploymentState(deployment: Deployment): DeploymentState {
  const properties = deployment.properties ?? {};
  const model = properties.model ?? {};
  return {
    ...(deployment.id ? { id: deployment.id } : {}),
    name: deployment.name ?? "",
    model: {
      ...(model.name !== undefined ? { name: model.name } : {}),
      ...(model.format !== undefined ? { format: model.format } : {}),
      ...(model.version !== undefined ? { version: model.version } : {}),
      ...(model.source !== undefined ? { source: model.source } : {}),
    },
    ...(deployment.sku ? { sku: { name: deployment.sku.name, capacity: deployment.sku.capacity ?? 0 } } : {}),
    ...(properties.raiPolicyName !== undefined ? { raiPolicyName: properties.raiPolicyName } : {}),
    ...(properties.versionUpgradeOption !== undefined ? { versionUpgradeOption: properties.versionUpgradeOption } : {}),
    ...(properties.provisioningState !== undefined ? { provisioningState: properties.provisioningState } : {}),
    ...(deployment.tags ? { tags: deployment.tags } : {}),
  };
}
