// Evaluation: sends a held-out set to a deployment and scores the replies. Re-runs only for a new model.
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { hostedProvider, recordedState } from "../provider-runtime/hosted-provider";
import { withDeclaredOutputs } from "../shared/declared-outputs";
import { diffEvaluation, type EvaluationInputs, type EvaluationResourceOutputs, scoresFromSwap } from "./contract";
import { evaluateDeployment, firstSamples } from "./run";

async function askDeployment(inputs: EvaluationInputs) {
  const { data, target } = await connectTo(inputs.target);
  const { scores, samples } = await evaluateDeployment(data, { ...inputs, local: target.kind === "local" });
  return { scores, samples: firstSamples(samples) };
}

export const provider: ResourceProvider<EvaluationInputs, EvaluationResourceOutputs> = hostedProvider<
  EvaluationInputs,
  EvaluationResourceOutputs
>({
  async check(_olds, news) {
    return { inputs: news };
  },

  async diff(_id, olds: EvaluationInputs, news: EvaluationInputs) {
    return diffEvaluation(olds, news);
  },

  async create(inputs: EvaluationInputs) {
    // A swap has just scored this deployment on the same set: the requests are not paid for twice.
    const fromSwap = scoresFromSwap(inputs);
    const { scores, samples } = fromSwap ?? (await askDeployment(inputs));
    await engineLog(
      "info",
      `${inputs.modelName}: ${fromSwap ? "took the swap's scores of" : "evaluated"} ${scores.examples} examples: exact match ${scores.exactMatch}, token overlap ${scores.tokenOverlap}, p50 ${scores.latencyMsP50} ms` +
        (scores.contentFiltered > 0 ? `, ${scores.contentFiltered} refused by the content filter` : ""),
      inputs.resourceUrn,
    );
    // The swap's outcome stays in the deployment's state; recorded once is enough.
    const { swapScores: _recordedByTheDeployment, ...recorded } = inputs;
    return {
      id: `eval-${inputs.fileSha256.slice(0, 8)}-${Date.now().toString(36)}`,
      outs: withDeclaredOutputs("evaluation", { ...recorded, ...scores, samples }),
    };
  },

  async read(id: string, state?: EvaluationResourceOutputs) {
    const props = recordedState(state);
    // Nothing remote to read: the scores record requests already made, and stay true of the model they scored.
    return { id, props: withDeclaredOutputs("evaluation", props) };
  },

  async update(_id, olds, news) {
    return { outs: { ...olds, ...news } };
  },

  async delete() {
    // Nothing remote to delete: an evaluation is a set of requests already made.
  },
});
