// Model deployments through ARM (@azure/arm-cognitiveservices): long-running PUT/PATCH/DELETE awaited to a
// terminal state, one write per account at a time, each through the retry policy.
import {
  CognitiveServicesManagementClient,
  type CognitiveServicesManagementClientOptionalParams,
  type Deployment,
} from "@azure/arm-cognitiveservices";
import type { TokenCredential } from "@azure/identity";
import { accountWriteLock, type KeyedMutex } from "./account-lock";
import { ARM_SCOPE, FINE_TUNED_MODEL_FORMAT, FINE_TUNED_MODEL_VERSION } from "./azure-facts";
import { undefinedIfNotFound } from "./errors";
import { withRetry, type RetryOptions } from "./retry";
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
      withRetry(() => this.client.deployments.get(this.target.resourceGroup, this.target.accountName, name), this.options.retry),
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

  /** PUT the whole deployment and wait for a terminal provisioning state. */
  async createOrUpdateDeployment(name: string, spec: DeploymentSpec): Promise<DeploymentState> {
    const body = deploymentBody(spec);
    return this.write(async () =>
      toDeploymentState(
        await this.client.deployments.beginCreateOrUpdateAndWait(this.target.resourceGroup, this.target.accountName, name, body, this.lroOptions()),
      ),
    );
  }

  /** PATCH only the sku (name and capacity), which Azure changes in place. */
  async updateDeploymentSku(name: string, sku: DeploymentSku): Promise<DeploymentState> {
    return this.write(async () =>
      toDeploymentState(
        await this.client.deployments.beginUpdateAndWait(
          this.target.resourceGroup,
          this.target.accountName,
          name,
          { sku: { name: sku.name, capacity: sku.capacity } },
          this.lroOptions(),
        ),
      ),
    );
  }

  /** Deletes and waits; returns false when it was already gone (ARM answers 204, or 404). */
  async deleteDeployment(name: string): Promise<boolean> {
    return this.write(async () => {
      let firstStatus: number | undefined;
      const done = await undefinedIfNotFound(
        this.client.deployments
          .beginDeleteAndWait(this.target.resourceGroup, this.target.accountName, name, {
            ...this.lroOptions(),
            onResponse: (response) => void (firstStatus ??= response.status),
          })
          .then(() => true),
      );
      return done === true && firstStatus !== 204;
    });
  }

  private write<T>(operation: () => Promise<T>): Promise<T> {
    return this.lock.run(this.lockKey, () => withRetry(operation, this.options.retry));
  }

  private lroOptions(): { updateIntervalInMs?: number } {
    return this.options.pollIntervalMs === undefined ? {} : { updateIntervalInMs: this.options.pollIntervalMs };
  }
}

/** The ARM request body for a deployment PUT (pure; tested on its own). */
export function deploymentBody(spec: DeploymentSpec): Deployment {
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

export function toDeploymentState(deployment: Deployment): DeploymentState {
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
