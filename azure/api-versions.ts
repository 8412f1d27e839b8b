// The api-versions this project speaks to Azure with, and which exist: the data plane's (account and project)
// and ARM's.
// Sources are tagged as in docs/azure-sources.md; facts not verified in a primary source say UNCONFIRMED.

/** Data-plane (dated "authoring") API version: the latest preview, the first with trainingType samples [S-AUTH, D-REST]. */
export const DEFAULT_DATA_PLANE_API_VERSION = "2025-04-01-preview";

/**
 * The dated api-version through a Foundry project endpoint: the one the SDK's recorded fine-tuning traffic uses
 * [REC-FT]. Whether a project also takes older dated versions is UNCONFIRMED, so a project stack sends this one.
 */
export const PROJECT_DATA_PLANE_API_VERSION = "2025-11-15-preview";

/** ARM api-version for deployments: a GA version with `sku` (not scaleSettings) [S-ARM]. The JS SDK default is newer. */
export const DEFAULT_ARM_API_VERSION = "2024-10-01";

/**
 * Microsoft.CognitiveServices ARM api-versions from 2023-05-01 on: the folders under
 * specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/{stable,preview}/ in
 * Azure/azure-rest-api-specs, and (from 2026-03-01 on, after the move to TypeSpec) the tags of
 * .../Microsoft.CognitiveServices/CognitiveServices/readme.md [S-ARM-VERSIONS]. `2024-10-21`, printed by some
 * deployment pages, is a data-plane version.
 */
export const ARM_API_VERSIONS = [
  "2023-05-01",
  "2024-10-01",
  "2025-06-01",
  "2025-09-01",
  "2025-12-01",
  "2026-03-01",
  "2026-05-01",
  "2026-07-01",
  "2026-09-01",
  "2023-06-01-preview",
  "2023-10-01-preview",
  "2024-04-01-preview",
  "2024-06-01-preview",
  "2025-04-01-preview",
  "2025-07-01-preview",
  "2025-10-01-preview",
  "2026-01-15-preview",
  "2026-03-15-preview",
  "2026-05-15-preview",
  "2026-07-15-preview",
  "2026-09-15-preview",
] as const;

/** Every DeveloperTier deployment sample uses this ARM version (with capacity 50); earlier ones are unconfirmed. */
const DEVELOPER_TIER_ARM_API_VERSION = "2025-07-01-preview";

/** The ARM api-version a deployment of this sku is written with: DeveloperTier needs one at least as new as its samples'. */
export function armApiVersionFor(skuName: string, configured: string): string {
  if (skuName.toLowerCase() !== "developertier") return configured;
  return configured.slice(0, 10) >= DEVELOPER_TIER_ARM_API_VERSION.slice(0, 10)
    ? configured
    : DEVELOPER_TIER_ARM_API_VERSION;
}

/** Projects (`accounts/{account}/projects/{project}`) are in the ARM specs from 2025-04-01-preview; this is their first GA version [S-ARM-PROJECTS]. */
export const PROJECTS_ARM_API_VERSION = "2025-06-01";
