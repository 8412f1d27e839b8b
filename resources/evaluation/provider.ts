// Evaluation: sends a held-out set to a deployment and scores the replies. Re-runs only for a new model.
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import { scoreEvaluation, type EvaluationSample } from "../../analysis/evaluation-score";
import { withDeclaredOutputs } from "../shared/declared-outputs";
import { diffEvaluation, type EvaluationInputs } from "./contract";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { exitWhenEngineGone } from "../provider-runtime/engine-watch";

exitWhenEngineGone(); // a provider left behind by a killed CLI exits instead of working on

/** Pure: prompt (everything before the last assistant message) and expected answer of one JSONL line. */
export function evaluationCase(line: string, where: string): { messages: ChatCompletionMessageParam[]; expected: string } {
  const example = JSON.parse(line.replace(/^\uFEFF/, "")) as { messages?: { role: string; content: string }[] };
  const messages = example.messages ?? [];
  const last = messages.map((m) => m.role).lastIndexOf("assistant");
  if (last < 1) throw new Error(`${where}: an evaluation example needs a prompt and a final assistant answer`);
  return {
    messages: messages.slice(0, last).map(({ role, content }) => ({ role, content }) as ChatCompletionMessageParam),
    expected: messages[last]!.content,
  };
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },

  async diff(_id, olds: EvaluationInputs, news: EvaluationInputs) {
    return diffEvaluation(olds, news);
  },

  async create(inputs: EvaluationInputs) {
    const { data } = await connectTo(inputs.target);
    const lines = readFileSync(path.resolve(process.cwd(), inputs.file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const samples: (EvaluationSample & { prompt: string })[] = [];
    for (const [i, line] of lines.entries()) {
      const { messages, expected } = evaluationCase(line, `${inputs.file}:${i + 1}`);
      const params = { max_tokens: inputs.maxTokens, temperature: 0 };
      // The deployment may be minutes old: the first request waits out DeploymentNotFound (Azure's warm-up),
      // and its latency is not counted as the model's.
      if (i === 0) {
        let told = false;
        await data.chatWhenServing(inputs.deploymentName, messages, params, {
          pollMs: inputs.target.kind === "local" ? 200 : 10_000,
          onWaiting: () => {
            if (!told) void engineLog("info", `${inputs.modelName}: ${inputs.deploymentName} does not serve yet (DeploymentNotFound); waiting`, inputs.resourceUrn);
            told = true;
          },
        });
      }
      const started = performance.now();
      const completion = await data.chat(inputs.deploymentName, messages, params);
      samples.push({ prompt: String(messages.at(-1)?.content ?? ""), expected, reply: completion.choices[0]?.message.content ?? "", latencyMs: performance.now() - started });
    }
    const scores = scoreEvaluation(samples);
    await engineLog(
      "info",
      `${inputs.modelName}: evaluated ${scores.examples} examples: exact match ${scores.exactMatch}, token overlap ${scores.tokenOverlap}, p50 ${scores.latencyMsP50} ms`,
      inputs.resourceUrn,
    );
    const preview = samples.slice(0, 3).map(({ prompt, expected, reply }) => ({ prompt, expected, reply }));
    return { id: `eval-${inputs.fileSha256.slice(0, 8)}-${Date.now().toString(36)}`, outs: { ...inputs, ...scores, samples: preview } };
  },

  async read(id: string, props: EvaluationInputs) {
    // Nothing remote to read: the scores record requests already made, and stay true of the model they scored.
    return { id, props: withDeclaredOutputs("evaluation", props) };
  },

  async update(_id, olds, news) {
    return { outs: { ...olds, ...news } };
  },

  async delete() {
    // Nothing remote to delete: an evaluation is a set of requests already made.
  },
};
