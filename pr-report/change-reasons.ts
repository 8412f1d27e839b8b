// Why a resource changes, in the reviewer's words: the engine's reasons, every other input that differs, the
// data files behind a retrain, and the checkpoint a deployment takes.
import { UNKNOWN } from "../resources/shared/unknown";
import { describeChange, leafChanges } from "./input-diff";
import { DATA_INPUTS, DERIVED_INPUTS, deploymentView, fileView, jobView, type ResourceChange } from "./preview-json";
import { baseName } from "./report-cells";

/** Why a resource changes, in the reviewer's words. Uses the engine's reasons when it gives any. */
export function reasonsFor(change: ResourceChange, byUrn: Map<string, ResourceChange>): string[] {
  const reasons = changeReasons(change, byUrn);
  const checkpoint =
    change.kind === "deployment" && change.action !== "delete" && change.action !== "same"
      ? checkpointNote(change)
      : undefined;
  return checkpoint ? [...new Set([...reasons, checkpoint])] : reasons;
}

/** A deployed checkpoint: which one and why once the job has finished, the rule alone before. */
export function checkpointNote(change: ResourceChange): string | undefined {
  const before = deploymentView(change.oldInputs);
  const after = deploymentView(change.newInputs);
  if (!after.checkpointRule) return undefined;
  const chosenChanged = before.model !== after.model || before.checkpointRule !== after.checkpointRule;
  if (!chosenChanged) return undefined;
  if (typeof after.checkpointReason === "string" && after.checkpointReason !== UNKNOWN)
    return `deploys checkpoint ${after.checkpointReason}`;
  return `deploys the checkpoint ${after.checkpointRule}, chosen after training`;
}

function changeReasons(change: ResourceChange, byUrn: Map<string, ResourceChange>): string[] {
  if (change.action === "create") return [change.kind === "deployment" ? "new deployment" : "new model"];
  if (change.action === "delete") return ["removed from the program"];
  const before = change.oldInputs ?? {};
  const after = change.newInputs ?? {};
  // The engine's reasons first; then every other input that differs, because a dynamic provider's reasons
  // name only what forces a replacement (a capacity change riding along with a model swap is not in them).
  const differing = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !DERIVED_INPUTS.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort();
  const keys = [...new Set([...change.reasonKeys, ...differing])];
  const reasons: string[] = [];
  for (const key of keys) {
    if (change.kind === "job" && DATA_INPUTS[key]) {
      reasons.push(dataReason(change, key, byUrn));
      continue;
    }
    const leaves = leafChanges(before[key], after[key], key);
    if (leaves.length === 0 && change.reasonKeys.includes(key)) reasons.push(`${key} changed`);
    for (const leaf of leaves) {
      if (leaf.after !== UNKNOWN) {
        reasons.push(describeChange(leaf));
        continue;
      }
      // Known only after apply: say which changing resource it comes from.
      const sources = (change.propertyDependencies[key] ?? [])
        .map((urn) => byUrn.get(urn))
        .filter((r): r is ResourceChange => r !== undefined && r.action !== "same");
      const sourceJob = sources.find((r) => r.kind === "job");
      if (sourceJob) {
        // A deployment follows its job; a continued fine-tune follows the model it starts from.
        const from = jobView(sourceJob.newInputs ?? sourceJob.oldInputs, sourceJob.name).modelName;
        reasons.push(
          change.kind === "deployment"
            ? "swaps to the new fine-tuned model"
            : `${key} comes from the retrained ${from}`,
        );
      } else {
        reasons.push(describeChange(leaf));
      }
    }
  }
  return [...new Set(reasons)];
}

/** "training data changed (train.jsonl)": names the changing files whose content the job now points at. */
function dataReason(job: ResourceChange, key: string, byUrn: Map<string, ResourceChange>): string {
  const { data, sha256Key } = DATA_INPUTS[key]!;
  const sha256 = job.newInputs?.[sha256Key];
  const linked = new Set(
    Object.entries(job.propertyDependencies)
      .filter(([k]) => DATA_INPUTS[k]?.data === data)
      .flatMap(([, urns]) => urns),
  );
  const files = [...new Set([...job.dependencies, ...linked])]
    .map((urn) => byUrn.get(urn))
    .filter((r): r is ResourceChange => r?.kind === "file" && r.action !== "same")
    .filter((r) => linked.has(r.urn) || (typeof sha256 === "string" && fileView(r.newInputs).sha256 === sha256));
  const names = [...new Set(files.map((f) => baseName(fileView(f.newInputs ?? f.oldInputs).path ?? f.name)))];
  return `${data} data changed${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
}
