import type * as pulumi from "@pulumi/pulumi";
import type { ChampionGate, Contender } from "../../analysis/champion-gate";
import { formatMonthlyChange, formatUsd } from "../../validate/number-format";
import { sha256Hex } from "../shared/stable-json";
import { type TargetInputs, targetIdentity } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";

export interface DeploymentInputs {
  target: TargetInputs;
  /** Our URN: dynamic providers are never told it (and `urn` itself is reserved), but logs attach to it. */
  resourceUrn: string;
  modelName: string;
  /** The configured name; the deployment on the service is `<name>-<8 hex of the model and sku>` (see physicalName). */
  name: string;
  /** A fine-tuned model name or a checkpoint id (ftchkpt-...). */
  model?: string;
  /** ARM id of the account that trained the model, when it is not this account (cross-account deployment). */
  source?: string;
  sku: { name: string; capacity: number };
  raiPolicyName?: string;
  versionUpgradeOption: string;
  /** The job's status and ETA, so a model still training fails with a useful message. */
  jobStatus?: string;
  jobEstimatedFinish?: number;
  /** The job reused an earlier training: a deployment of its model may exist already, held by another resource. Never diffed. */
  modelReused?: boolean;
  /** A deployed checkpoint's rule ("best by full_valid_loss") and why it chose this one: for previews and reports, never diffed. */
  checkpointRule?: string;
  checkpointReason?: string;
  /** What the deployment costs to host, from the dated price table: for previews, reports and policies, never diffed. */
  hosting?: HostingSummary;
  /** The held-out set a swap to a new model is judged on against the live deployment, and the gate. Never diffed. */
  challenge?: { file: string; fileSha256: string; maxTokens: number; gate?: ChampionGate };
}

/** What a swap scored: the new deployment and the live one it replaces, on the same held-out set. */
export interface ChallengeOutcome {
  live: Contender;
  candidate: Contender;
  fileSha256: string;
  /** The reply limit both were scored with, and the new deployment's first replies: what its Evaluation records. */
  maxTokens?: number;
  candidateSamples?: { prompt: string; expected: string; reply: string }[];
}

/** A deployment's hosting fee (validate/estimate.ts estimateHosting), with the base model it was priced by. */
export interface HostingSummary {
  baseModel: string;
  /** Undefined when the price table has no price for the base model (set one in `foundry-finetune:prices`). */
  perHourUsd?: number;
  perMonthUsd?: number;
  priceDate: string;
  currency: string;
}

/**
 * Pure: the preview's line about a deployment's hosting, or undefined when it costs what it did. `before` is
 * undefined for a new deployment; `after` for one being deleted.
 */
export function hostingNote(
  name: string,
  before: HostingSummary | undefined,
  after: HostingSummary | undefined,
  sku?: { name: string; capacity: number },
): string | undefined {
  const was = before?.perMonthUsd ?? 0;
  if (after && after.perMonthUsd === undefined)
    return `${name}: hosting cost unknown: no hosting price for ${after.baseModel} (set one in foundry-finetune:prices)`;
  const now = after?.perMonthUsd ?? 0;
  if (before && after && was === now) return undefined;
  const what = after
    ? `${formatUsd(now)}/month${sku ? ` (${sku.name} x${sku.capacity}, $${after.perHourUsd}/h, prices of ${after.priceDate})` : ""}`
    : "no longer hosted";
  return `${name}: hosting ${what}, ${formatMonthlyChange(now - was)}`;
}

export interface ModelDeploymentOutputs extends DeploymentInputs {
  deploymentName: string;
  /** Set when this deployment replaced a live one: both scores (champion and challenger). */
  challengeOutcome?: ChallengeOutcome;
  provisioningState?: string;
  endpoint?: string;
}

/**
 * Azure cannot change the model of a fine-tuned deployment in place, and a same-name replacement would take
 * the live deployment down (names are unique per account, so the old one must be deleted before the new one
 * can be created, and nothing serves in between). So the name on the service carries the model: a new model gets a
 * new deployment beside the old one, which is deleted only once the new one serves.
 */
export function physicalName(name: string, model: string, sku = "Standard"): string {
  // A new sku is a new deployment too (whether Azure changes a deployment's type in place is unconfirmed);
  // Standard keeps the model-only hash, so existing deployments keep their names.
  const key = sku.toLowerCase() === "standard" ? model : `${model}|${sku}`;
  return `${name}-${sha256Hex(key).slice(0, 8)}`;
}

/** Pure: replace on another account, name, model or source; sku, capacity and policies change in place. */
export function diffDeployment(olds: ModelDeploymentOutputs, news: DeploymentInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (isUnknown(news.target) || targetIdentity(olds.target) !== targetIdentity(news.target)) replaces.push("target");
  if (olds.name !== news.name) replaces.push("name");
  if (isUnknown(news.model) || olds.model !== news.model) replaces.push("model");
  if (isUnknown(news.source) || (olds.source ?? "") !== (news.source ?? "")) replaces.push("source");
  // Another sku type is a new deployment beside the old one, then the swap (in-place change is unconfirmed).
  // Unless the deployment already has the name the configured sku gives it: its type was changed outside (the
  // portal, then a refresh), and a new one by that name would be the same deployment, which the old one's delete
  // would then remove. Putting its type back is an update of it.
  const skuDrifted = !isUnknown(news.sku) && olds.sku.name !== news.sku.name;
  const backToItsOwnName =
    skuDrifted && !isUnknown(news.model) && olds.deploymentName === physicalName(news.name, news.model!, news.sku.name);
  if (skuDrifted && !backToItsOwnName) replaces.push("sku");
  const inPlace =
    backToItsOwnName ||
    isUnknown(news.sku) ||
    olds.sku.capacity !== news.sku.capacity ||
    (olds.raiPolicyName ?? "") !== (news.raiPolicyName ?? "") ||
    olds.versionUpgradeOption !== news.versionUpgradeOption;
  return { changes: replaces.length > 0 || inPlace, replaces, deleteBeforeReplace: false };
}

/**
 * What check is given as the olds: the recorded inputs, which carry the name on the service (check returned it,
 * or `pulumi import` read it: a deployment made in the portal has whatever name it was given, not `<name>-<hash>`).
 */
export type RecordedInputs = Partial<DeploymentInputs> & { deploymentName?: string };

/**
 * Pure: the outputs an update leaves as they are, known from the inputs alone. In a preview the engine answers
 * an update of a dynamic resource with its checked inputs as outputs (the dynamic provider host cannot preview,
 * and neither it nor the engine uses diff's `stables`), so whatever `check` does not return reads as unknown
 * downstream, and the evaluation of a deployment that only changes capacity would preview as replaced.
 */
export function knownOutputs(news: DeploymentInputs, olds: RecordedInputs = {}): Partial<ModelDeploymentOutputs> {
  if (isUnknown(news.name) || isUnknown(news.model) || !news.model) return {};
  return { deploymentName: plannedDeploymentName(olds, news) };
}

/**
 * Pure: the deployment's name on the service after this change. A deployment that stays (unchanged, or updated
 * in place) keeps the name it has, since update never renames; a new one is `<name>-<hash>`, as create names it.
 */
export function plannedDeploymentName(olds: RecordedInputs, news: DeploymentInputs): string {
  const stays = olds.deploymentName && olds.sku && olds.target && olds.name && !replaces(olds, news);
  return stays ? olds.deploymentName! : physicalName(news.name, news.model!, news.sku.name);
}

function replaces(olds: Partial<DeploymentInputs>, news: DeploymentInputs): boolean {
  return diffDeployment(olds as ModelDeploymentOutputs, news).replaces!.length > 0;
}

/** Pure: whether the stored inputs and these differ only in what an update changes in place. */
export function updatesInPlace(oldInputs: Partial<DeploymentInputs>, news: DeploymentInputs): boolean {
  if (!oldInputs.sku || !oldInputs.target || !oldInputs.name) return false; // no resource yet
  const diff = diffDeployment(oldInputs as ModelDeploymentOutputs, news);
  return diff.changes === true && diff.replaces!.length === 0;
}

/**
 * Who holds a deployment: one ARM tag per resource that declares it, `foundry-finetune-holder-<16 hex of its URN>`
 * = its URN. Pay-once reuse makes a renamed model (or the same model in a second stack) declare the very
 * deployment another resource holds, and Pulumi deletes the old resource only after creating the new one: the
 * delete then releases its hold and removes the deployment only when no other resource holds it.
 */
const HOLDER_PREFIX = "foundry-finetune-holder-";

/** ARM tag values hold at most 256 characters. */
export function holderTag(resourceUrn: string): Record<string, string> {
  return { [`${HOLDER_PREFIX}${sha256Hex(resourceUrn).slice(0, 16)}`]: resourceUrn.slice(-256) };
}

/** Pure: the tags without this resource's hold, and the resources that still hold the deployment. */
export function releaseHold(
  tags: Record<string, string> | undefined,
  resourceUrn: string,
): { tags: Record<string, string>; others: string[] } {
  const own = Object.keys(holderTag(resourceUrn))[0]!;
  const rest = Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => key !== own));
  return {
    tags: rest,
    others: Object.entries(rest).flatMap(([key, value]) => (key.startsWith(HOLDER_PREFIX) ? [value] : [])),
  };
}
