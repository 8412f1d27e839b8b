// ModelDeployment: a deployment of a fine-tuned model (or checkpoint) through the control plane.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { type Contender, describeContest, gateFailures } from "../../analysis/champion-gate";
import { KeyedMutex } from "../../foundry/account-lock";
import type { ControlPlane, DeploymentSpec, DeploymentState, VersionUpgradeOption } from "../../foundry/control-plane";
import type { DataPlane } from "../../foundry/data-plane";
import { isDeploymentLimit } from "../../foundry/deployment-room";
import type { FoundryError } from "../../foundry/errors";
import { evaluateDeployment, firstSamples } from "../evaluation/run";
import { connectTo, controlPlaneOf, foundryTargetOf } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { hostedProvider, recordedState, vanished } from "../provider-runtime/hosted-provider";
import { formatEta } from "../provider-runtime/job-progress";
import { withDeclaredOutputs } from "../shared/declared-outputs";
import { targetIdentity } from "../shared/target-inputs";
import { isUnknown } from "../shared/unknown";
import {
  type ChallengeOutcome,
  type DeploymentInputs,
  diffDeployment,
  holderTag,
  hostingNote,
  knownOutputs,
  type ModelDeploymentOutputs,
  physicalName,
  type RecordedInputs,
  releaseHold,
  updatesInPlace,
} from "./contract";

/** Pure: a deployment needs a trained model; say why there is none yet. */
export function missingModelReason(inputs: DeploymentInputs, nowSeconds: number): string | undefined {
  if (isUnknown(inputs.model) || (inputs.model && inputs.model.length > 0)) return undefined;
  const eta = formatEta(inputs.jobEstimatedFinish, nowSeconds);
  return `model ${inputs.modelName} cannot be deployed yet: its fine-tuning job is ${inputs.jobStatus ?? "not finished"}${eta ? ` (ETA ${eta})` : ""}. Wait for it (wait: true) or run \`pulumi up\` again later.`;
}

/**
 * Pure: when the account has no room for a new deployment, the one it replaces (same configured name, another
 * model) is what can go first. Returns its name, or undefined when there is none to make room with.
 */
export function deploymentToMakeRoom(existing: string[], configuredName: string, newName: string): string | undefined {
  const escaped = configuredName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const sibling = new RegExp(`^${escaped}-[0-9a-f]{8}$`);
  return existing.find((n) => n !== newName && sibling.test(n));
}

function spec(inputs: DeploymentInputs, tags?: Record<string, string>): DeploymentSpec {
  return {
    model: { name: inputs.model!, ...(inputs.source ? { source: inputs.source } : {}) },
    sku: inputs.sku,
    ...(inputs.raiPolicyName ? { raiPolicyName: inputs.raiPolicyName } : {}),
    versionUpgradeOption: inputs.versionUpgradeOption as VersionUpgradeOption,
    // A PUT replaces the tags: keep the other holders' (contract.ts holderTag).
    tags: { ...tags, ...holderTag(inputs.resourceUrn) },
  };
}

/**
 * Azure deletes a fine-tuned deployment after 15 idle days (DeveloperTier after 24 h), so an unchanged config
 * is not proof of a serving deployment: one cheap GET tells, and a deployment that is gone is deployed again
 * (its name is free, so the old one is "deleted" first: a no-op). A failed look changes nothing.
 */
async function goneFromService(olds: ModelDeploymentOutputs): Promise<boolean> {
  try {
    const control = await controlPlaneOf(olds.target);
    if (await control.getDeployment(olds.deploymentName)) return false;
    await engineLog(
      "warning",
      `deployment ${olds.deploymentName} is gone from the service (Azure deletes a fine-tuned deployment after 15 days without inference calls, DeveloperTier ones after 24 hours); it is deployed again`,
      olds.resourceUrn,
    );
    return true;
  } catch (error) {
    await engineLog(
      "warning",
      `could not check that deployment ${olds.deploymentName} still exists (${(error as Error).message}); assuming it does`,
      olds.resourceUrn,
    );
    return false;
  }
}

const GONE_DIFF: pulumi.dynamic.DiffResult = { changes: true, replaces: ["deploymentName"], deleteBeforeReplace: true };

const creates = new KeyedMutex();

/**
 * The name a create deploys under: `<name>-<hash>`, unless check planned the deployment's own other name (one
 * imported from the portal) and that name is free again because Azure deleted the deployment: then it comes back
 * under it, as the preview showed. A planned name still in use means a new deployment beside it.
 */
async function nameToCreate(control: ControlPlane, inputs: DeploymentInputs & RecordedInputs): Promise<string> {
  const fresh = physicalName(inputs.name, inputs.model!, inputs.sku.name);
  const planned = inputs.deploymentName;
  if (!planned || planned === fresh) return fresh;
  return (await control.getDeployment(planned)) ? fresh : planned;
}

async function createMakingRoom(
  control: ControlPlane,
  inputs: DeploymentInputs,
  name: string,
): Promise<DeploymentState> {
  // A reused model may already be deployed under this name, held by another resource (a renamed model, another
  // stack): join it (add this resource's hold) rather than writing it again, so what serves is not touched.
  // A model trained for this resource has no deployment yet: no look needed.
  const existing = inputs.modelReused ? await control.getDeployment(name) : undefined;
  if (existing && existing.model.name === inputs.model) {
    const others = releaseHold(existing.tags, inputs.resourceUrn).others;
    await engineLog(
      "info",
      `${name} already serves ${inputs.model}${others.length ? ` (held by ${others.join(", ")})` : ""}: holding it too, nothing redeployed`,
      inputs.resourceUrn,
    );
    return control.updateDeploymentTags(name, { ...existing.tags, ...holderTag(inputs.resourceUrn) });
  }
  return control.createOrUpdateDeployment(name, spec(inputs)).catch(async (error: FoundryError) => {
    // A new model deploys beside the old one, but an account holds at most 5 fine-tuned deployments: when
    // it is full, the deployment this one replaces goes first (it would be deleted later in this update).
    // A capacity shortfall is never a reason to take a serving deployment down (foundry/deployment-room.ts).
    if (!["InsufficientQuota", "QuotaExceeded"].includes(error.code ?? "")) throw error;
    const deployments = await control.listDeployments();
    if (!isDeploymentLimit(error, deployments)) throw error;
    const old = deploymentToMakeRoom(
      deployments.map((d) => d.name),
      inputs.name,
      name,
    );
    if (!old) throw error;
    await engineLog(
      "warning",
      `${inputs.name}: the account has no room for ${name} beside ${old} (${error.message}); deleting ${old} first, so ${inputs.name} does not answer until ${name} is ready`,
      inputs.resourceUrn,
    );
    const held = releaseHold((await control.getDeployment(old))?.tags, inputs.resourceUrn).others;
    if (held.length > 0) throw error; // another resource serves from it: never taken down to make room
    await control.deleteDeployment(old);
    return control.createOrUpdateDeployment(name, spec(inputs));
  });
}

/**
 * Champion and challenger: a new deployment that replaces a live one (same configured name, another model or
 * sku) is scored on the held-out set beside the live one, before the live one is deleted (Pulumi deletes a
 * replaced resource last). If the gate refuses, the new deployment is removed and the create fails with a plain
 * error, so Pulumi keeps the live deployment as the resource and nothing stops serving.
 */
async function challengeLive(
  data: DataPlane,
  control: ControlPlane,
  inputs: DeploymentInputs,
  name: string,
  local: boolean,
): Promise<ChallengeOutcome | undefined> {
  const challenge = inputs.challenge!;
  const existing = await control.listDeployments();
  const liveName = deploymentToMakeRoom(
    existing.map((d) => d.name),
    inputs.name,
    name,
  );
  if (!liveName) return undefined; // the first deployment, or the live one already made room: nothing to compare
  const run = (deploymentName: string) =>
    evaluateDeployment(data, {
      ...challenge,
      deploymentName,
      modelName: inputs.modelName,
      resourceUrn: inputs.resourceUrn,
      local,
    });
  const candidateRun = await run(name);
  const candidate: Contender = { deploymentName: name, model: inputs.model!, scores: candidateRun.scores };
  const liveModel = existing.find((d) => d.name === liveName)?.model.name ?? "";
  const live: Contender = { deploymentName: liveName, model: liveModel, scores: (await run(liveName)).scores };
  const metric = challenge.gate?.metric ?? "tokenOverlap";
  const failures = challenge.gate ? gateFailures(challenge.gate, candidate, live) : [];
  if (failures.length === 0) {
    await engineLog(
      "info",
      `${inputs.modelName}: the new model replaces the live one: ${describeContest(metric, candidate, live)}`,
      inputs.resourceUrn,
    );
    return {
      live,
      candidate,
      fileSha256: challenge.fileSha256,
      maxTokens: challenge.maxTokens,
      candidateSamples: firstSamples(candidateRun.samples),
    };
  }
  const removed = await control.deleteDeployment(name).then(
    () => `${name} was removed`,
    (error: Error) => `${name} could not be removed (${error.message}); delete it by hand`,
  );
  throw new Error(
    `${inputs.modelName}: the new model does not replace the live one on ${challenge.file}: ${failures.join("; ")} (${describeContest(metric, candidate, live)}). ` +
      `${liveName} keeps serving; ${removed}.`,
  );
}

export const provider: ResourceProvider<DeploymentInputs, ModelDeploymentOutputs> = hostedProvider<
  DeploymentInputs,
  ModelDeploymentOutputs
>({
  async check(olds: RecordedInputs, news: DeploymentInputs) {
    const reason = missingModelReason(news, Date.now() / 1000);
    if (reason) return { inputs: news, failures: [{ property: "model", reason }] };
    // A new deployment (diff is not called for a create): what it will cost to host.
    const note = !olds.sku && news.hosting ? hostingNote(news.modelName, undefined, news.hosting, news.sku) : undefined;
    if (note) await engineLog("info", note, news.resourceUrn);
    // An update keeps the endpoint and ends Succeeded (or fails): say so, so the preview shows them as known.
    const kept = updatesInPlace(olds, news)
      ? { endpoint: (await foundryTargetOf(news.target)).target.endpoint, provisioningState: "Succeeded" }
      : {};
    return { inputs: { ...news, ...knownOutputs(news, olds), ...kept } };
  },

  async diff(_id, olds: ModelDeploymentOutputs, news: DeploymentInputs) {
    const result = diffDeployment(olds, news);
    const note =
      result.changes && news.hosting ? hostingNote(news.modelName, olds.hosting, news.hosting, news.sku) : undefined;
    if (note) await engineLog("info", note, news.resourceUrn);
    if (result.changes || isUnknown(news.target)) return result;
    return (await goneFromService(olds)) ? GONE_DIFF : result;
  },

  async create(inputs: DeploymentInputs) {
    const { control, data, target } = await connectTo(inputs.target);
    const name = await nameToCreate(control, inputs);
    // One create per account at a time in this process, so the room one replacement makes on a full account
    // is not taken by a sibling's create in between (ARM writes are serialised one by one, not this sequence).
    // A deployment that already serves this model under this name (adopted after an interrupted up, or held by
    // another resource) is not a new model coming in: nothing to judge, and never removed by a gate.
    const already = inputs.challenge ? (await control.getDeployment(name))?.model.name === inputs.model : false;
    const deployed = await creates.run(targetIdentity(inputs.target), () => createMakingRoom(control, inputs, name));
    await engineLog(
      "info",
      `deployed ${inputs.model} as ${name} (${inputs.sku.name} x${inputs.sku.capacity})`,
      inputs.resourceUrn,
    );
    const challengeOutcome =
      inputs.challenge && !already
        ? await challengeLive(data, control, inputs, name, target.kind === "local")
        : undefined;
    const outs: ModelDeploymentOutputs = {
      ...inputs,
      ...(challengeOutcome ? { challengeOutcome } : {}),
      deploymentName: name,
      endpoint: target.endpoint,
      ...(deployed.provisioningState ? { provisioningState: deployed.provisioningState } : {}),
    };
    return { id: deployed.id ?? name, outs: withDeclaredOutputs("model-deployment", outs) };
  },

  async read(id: string, state?: ModelDeploymentOutputs) {
    const props = recordedState(state);
    const { control } = await connectTo(props.target);
    const found = await control.getDeployment(props.deploymentName);
    if (!found) {
      await engineLog(
        "warning",
        `deployment ${props.deploymentName} is gone from the service. Azure deletes a fine-tuned deployment after 15 days without inference calls, and DeveloperTier deployments after 24 hours; the model is kept, and \`pulumi up\` deploys it again.`,
        props.resourceUrn,
      );
      return vanished();
    }
    return {
      id,
      props: withDeclaredOutputs("model-deployment", {
        ...props,
        ...(found.sku ? { sku: found.sku } : {}),
        ...(found.provisioningState ? { provisioningState: found.provisioningState } : {}),
      }),
    };
  },

  async update(_id, olds: ModelDeploymentOutputs, news: DeploymentInputs) {
    const { control } = await connectTo(news.target);
    const policiesChanged =
      (olds.raiPolicyName ?? "") !== (news.raiPolicyName ?? "") ||
      olds.versionUpgradeOption !== news.versionUpgradeOption;
    const live = policiesChanged ? await control.getDeployment(olds.deploymentName) : undefined;
    const deployed = policiesChanged
      ? await control.createOrUpdateDeployment(olds.deploymentName, spec(news, live?.tags))
      : await control.updateDeploymentSku(olds.deploymentName, news.sku);
    await engineLog("info", `updated ${olds.deploymentName}: ${news.sku.name} x${news.sku.capacity}`, news.resourceUrn);
    const outs = {
      ...olds,
      ...news,
      deploymentName: olds.deploymentName,
      ...(deployed.provisioningState ? { provisioningState: deployed.provisioningState } : {}),
    };
    return { outs: withDeclaredOutputs("model-deployment", outs) };
  },

  async delete(_id: string, props: ModelDeploymentOutputs) {
    const { control } = await connectTo(props.target);
    // Another resource holding it (a renamed model created first, another stack) keeps it serving.
    const live = await control.getDeployment(props.deploymentName);
    const { tags, others } = releaseHold(live?.tags, props.resourceUrn);
    if (live && others.length > 0) {
      await control.updateDeploymentTags(props.deploymentName, tags);
      await engineLog(
        "info",
        `kept deployment ${props.deploymentName}: still held by ${others.join(", ")}`,
        props.resourceUrn,
      );
      return;
    }
    await control.deleteDeployment(props.deploymentName);
  },
});
