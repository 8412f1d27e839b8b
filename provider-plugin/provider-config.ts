// The plugin's own config: `foundry:*` keys of the stack config (or the args of an explicit provider), naming
// where the service is. A resource that names no `target` uses it, and so does `pulumi import`, which gives a
// provider nothing but an id. The key may be given here too (`foundry:apiKey`, set with --secret); otherwise
// FOUNDRY_API_KEY / AZURE_OPENAI_API_KEY / DefaultAzureCredential from the environment, as for the dynamic path.
// It loads no parser: the plugin process that serves only the schema reads it too (configured-target.ts parses).
import { pulumisGrpc } from "../resources/provider-runtime/pulumi-grpc";
import { unwrapSecrets } from "./secrets";

/** The keys of `foundry:` config and what each becomes in the stack-config shape the program already parses. */
export const PROVIDER_CONFIG_KEYS = {
  target: "local | azure (default local)",
  accountName: "the Foundry / Azure OpenAI account",
  subscriptionId: "the account's subscription (required for azure)",
  resourceGroup: "the account's resource group (required for azure)",
  endpoint: "the Azure data-plane endpoint (default https://<account>.openai.azure.com)",
  apiVersion: "the data-plane api-version",
  armApiVersion: "the Microsoft.CognitiveServices ARM api-version",
  dataPlane: "dated | v1",
  localDataDir: "the local service's data directory, relative to the program (default .foundry-local)",
  localPort: "the local service's port (default: any free port, kept in its data directory)",
  apiKey: "the service's key (secret); else from the environment",
} as const;

export type ProviderConfig = Partial<Record<keyof typeof PROVIDER_CONFIG_KEYS, string>>;

let current: ProviderConfig = {};

/** Pure: the config's values by key, from the engine's `foundry:<key>` variables (objects arrive as JSON text). */
export function providerConfigFrom(variables: Iterable<[string, unknown]>): ProviderConfig {
  const config: ProviderConfig = {};
  for (const [name, value] of variables) {
    const key = name.replace(/^foundry:(config:)?/, "");
    if (key in PROVIDER_CONFIG_KEYS && value !== undefined && value !== null && value !== "")
      config[key as keyof ProviderConfig] = String(value);
  }
  return config;
}

/** Pure: the config in the shape of the program's stack config (`foundry-finetune:` keys), without models. */
export function serviceConfigFrom(config: ProviderConfig): Record<string, unknown> | undefined {
  if (!config.accountName) return undefined;
  return {
    target: config.target ?? "local",
    account: {
      name: config.accountName,
      ...(config.subscriptionId ? { subscriptionId: config.subscriptionId } : {}),
      ...(config.resourceGroup ? { resourceGroup: config.resourceGroup } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    },
    local: { dataDir: config.localDataDir ?? ".foundry-local", port: config.localPort ? Number(config.localPort) : 0 },
    ...(config.apiVersion ? { apiVersion: config.apiVersion } : {}),
    ...(config.armApiVersion ? { armApiVersion: config.armApiVersion } : {}),
    ...(config.dataPlane ? { dataPlane: config.dataPlane } : {}),
  };
}

export function useProviderConfig(config: ProviderConfig): void {
  current = config;
  // The clients read the key from the environment of this process (foundry/credentials.ts); it goes no further.
  if (config.apiKey)
    process.env[config.target === "azure" ? "AZURE_OPENAI_API_KEY" : "FOUNDRY_API_KEY"] = config.apiKey;
}

/** The config the engine last sent (Configure). */
export function currentProviderConfig(): ProviderConfig {
  return current;
}

export function configuredService(): Record<string, unknown> | undefined {
  return serviceConfigFrom(current);
}

/**
 * The SDK's provider server answers Configure without handing the config to the provider, so read it on the
 * way in: wrap the service's configure handler before `provider.main` registers it.
 */
export function captureProviderConfig(): void {
  const grpc = pulumisGrpc();
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const configure = implementation.configure as
      | ((call: { request: ConfigureRequest }, callback: unknown) => void)
      | undefined;
    if (configure) {
      implementation.configure = (call: { request: ConfigureRequest }, callback: unknown) => {
        const args = unwrapSecrets(call.request.getArgs()?.toJavaScript() ?? {});
        useProviderConfig(providerConfigFrom([...Object.entries(args), ...call.request.getVariablesMap().entries()]));
        configure(call, callback);
      };
    }
    return addService.call(this, service, implementation);
  };
}

interface ConfigureRequest {
  getVariablesMap(): { entries(): IterableIterator<[string, string]> };
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
