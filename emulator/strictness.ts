// Where Azure's behaviour is unconfirmed, the local service takes the strict side: the side a client must be
// built for. Every such choice is one switch here (emulator/README.md, "Differences from Azure", lists them);
// `--lenient` turns them all off, to compare. The facts they use (tables, versions) live in azure-facts.ts.

export interface Strictness {
  /** The dated surface drops job `metadata`: FineTuningJobCreation and FineTuningJob of the dated spec lack it. */
  datedDropsMetadata: boolean;
  /**
   * The dated surface ignores `method.supervised.hyperparameters` (the dated SupervisedMethodRequest has only
   * `type`; its supervised hyperparameters are the top-level `hyperparameters`), so they silently become auto.
   */
  datedIgnoresNestedSupervisedHyperparameters: boolean;
  /** A newly provisioned deployment answers inference with 404 DeploymentNotFound for a while. */
  inferenceWarmup: boolean;
  /** DeveloperTier deployments only for the gpt-4.1 family and only on ARM versions its samples use. */
  developerTierRules: boolean;
  /** Only ARM api-versions that exist in the spec tree. */
  realArmVersionsOnly: boolean;
  /** Training tiers (trainingType) per base model, as Azure's model table lists them. */
  trainingTierTable: boolean;
  /** Deployment capacity is limited per subscription, region and sku (InsufficientQuota beyond it). */
  capacityQuota: boolean;
  /** An upload is completed with its parts' `azure_block_id`s (the spec's example), not their `id`s. */
  partIdsAreBlockIds: boolean;
}

export const STRICT: Strictness = {
  datedDropsMetadata: true,
  datedIgnoresNestedSupervisedHyperparameters: true,
  inferenceWarmup: true,
  developerTierRules: true,
  realArmVersionsOnly: true,
  trainingTierTable: true,
  capacityQuota: true,
  partIdsAreBlockIds: true,
};

export const LENIENT: Strictness = Object.fromEntries(
  Object.keys(STRICT).map((k) => [k, false]),
) as unknown as Strictness;

export function strictness(strict: boolean): Strictness {
  return strict ? STRICT : LENIENT;
}
