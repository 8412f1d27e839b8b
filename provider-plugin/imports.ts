// `pulumi import` gives the provider an id and nothing else: these read the object from the service and return
// both its state and the inputs a program declares to keep it as it is, so the preview after an import is empty.
import type { FoundryJob } from "../foundry/data-plane-types";
import { JOB_TAG_KEY, jobTag } from "../resources/fine-tuning-job/identity";
import { provider as jobProvider } from "../resources/fine-tuning-job/provider";
import { provider as deploymentProvider } from "../resources/model-deployment/provider";
import { connectTo } from "../resources/provider-runtime/connection";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { type Declared, deploymentInputs, jobInputs } from "./contract-inputs";
import type { UrnParts } from "./urn";

export interface Imported {
  id: string;
  props: Record<string, unknown>;
  inputs: Declared;
}

type ReportedMethod = { type?: string } & Record<
  string,
  { hyperparameters?: Record<string, unknown> } | string | undefined
>;

/** Pure: what a program declares for this job: what it trains on and how, as the service reports it. */
export function declaredOfJob(job: FoundryJob): Declared {
  const method = (job as { method?: ReportedMethod }).method;
  const type = method?.type ?? "supervised";
  const block = method?.[type];
  const hyperparameters = {
    ...(job.hyperparameters as Record<string, unknown> | undefined),
    ...(typeof block === "object" ? block.hyperparameters : {}),
  };
  const metadata = Object.fromEntries(
    Object.entries((job.metadata ?? {}) as Record<string, string>).filter(([k]) => k !== JOB_TAG_KEY),
  );
  return {
    baseModel: job.model,
    trainingFileId: job.training_file,
    ...(job.validation_file ? { validationFileId: job.validation_file } : {}),
    method: { type, hyperparameters },
    ...(typeof job.seed === "number" ? { seed: job.seed } : {}),
    ...(job.suffix ? { suffix: job.suffix } : {}),
    ...(job.trainingType ? { trainingType: job.trainingType } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

export async function importJob(id: string, urn: UrnParts, target: TargetInputs): Promise<Imported> {
  const { data } = await connectTo(target);
  const job = await data.getJob(id);
  if (!job) throw new Error(`import: no fine-tuning job ${id} on account ${target.accountName}`);
  const declared = declaredOfJob(job);
  const { inputs, failures } = jobInputs(urn, declared, target);
  if (!inputs) throw new Error(`import: job ${id}: ${failures.map((f) => f.reason).join("; ")}`);
  // The job provider's refresh, from a state that has seen nothing yet: status, model, checkpoints, results.
  const read = await jobProvider.read!(id, {
    ...inputs,
    jobId: id,
    tag: jobTag(inputs.stack, inputs.resourceName, inputs),
    status: "",
  });
  return { id, props: read.props as unknown as Record<string, unknown>, inputs: declared };
}

const ARM_DEPLOYMENT =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/deployments\/([^/]+)$/i;

/** Pure: the account and deployment an ARM id names. */
export function parseDeploymentId(id: string): {
  subscriptionId: string;
  resourceGroup: string;
  accountName: string;
  deploymentName: string;
} {
  const m = ARM_DEPLOYMENT.exec(id);
  if (!m)
    throw new Error(
      `import: ${id} is not a deployment's ARM id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<account>/deployments/<name>)`,
    );
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, accountName: m[3]!, deploymentName: m[4]! };
}

/** The account of the id, reached the way the provider config says (local service or Azure). */
export function targetOfDeploymentId(id: string, configured: TargetInputs | undefined): TargetInputs {
  const { subscriptionId, resourceGroup, accountName } = parseDeploymentId(id);
  const base: TargetInputs = configured ?? {
    kind: "local",
    accountName,
    subscriptionId,
    resourceGroup,
    localDataDir: ".foundry-local",
    localPort: 0,
  };
  return { ...base, subscriptionId, resourceGroup, accountName };
}

export async function importDeployment(
  id: string,
  urn: UrnParts,
  configured: TargetInputs | undefined,
): Promise<Imported> {
  const target = targetOfDeploymentId(id, configured);
  const { deploymentName } = parseDeploymentId(id);
  const { control, target: reached } = await connectTo(target);
  const found = await control.getDeployment(deploymentName);
  if (!found) throw new Error(`import: no deployment ${deploymentName} on account ${target.accountName}`);
  const declared: Declared = {
    name: deploymentName,
    model: found.model.name,
    ...(found.model.source ? { source: found.model.source } : {}),
    sku: { name: found.sku?.name ?? "Standard", capacity: found.sku?.capacity ?? 1 },
    ...(found.raiPolicyName ? { raiPolicyName: found.raiPolicyName } : {}),
    ...(found.versionUpgradeOption ? { versionUpgradeOption: found.versionUpgradeOption } : {}),
  };
  const { inputs, failures } = deploymentInputs(urn, declared, target);
  if (!inputs) throw new Error(`import: deployment ${deploymentName}: ${failures.map((f) => f.reason).join("; ")}`);
  // Its name on the service is whatever it was made with, not `<name>-<hash>`: the state keeps that name.
  const read = await deploymentProvider.read!(id, { ...inputs, deploymentName, endpoint: reached.endpoint });
  const sameAccount =
    configured &&
    configured.accountName === target.accountName &&
    configured.subscriptionId === target.subscriptionId &&
    configured.resourceGroup === target.resourceGroup;
  return {
    id,
    props: read.props as unknown as Record<string, unknown>,
    // Recorded beside them, not declared: check keeps this name while the deployment stays (plannedDeploymentName).
    inputs: { ...(sameAccount ? declared : { ...declared, target }), deploymentName },
  };
}
