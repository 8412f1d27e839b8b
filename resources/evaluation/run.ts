// Sends a held-out set to one deployment and scores the replies: what an Evaluation records, and what a
// deployment's swap compares between the new model and the live one (resources/model-deployment/provider.ts).
// A refusal by the content filter (400 `content_filter`, or `finish_reason: "content_filter"` [D-FILTER]) is counted apart,
// never as a crash: the example scores nothing and `contentFiltered` says how many there were.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import { type EvaluationSample, type EvaluationScores, scoreEvaluation } from "../../analysis/evaluation-score";
import type { DataPlane } from "../../foundry/data-plane";
import type { FoundryError } from "../../foundry/errors";
import { engineLog } from "../provider-runtime/engine-log";

/** Pure: prompt (everything before the last assistant message) and expected answer of one JSONL line. */
export function evaluationCase(
  line: string,
  where: string,
): { messages: ChatCompletionMessageParam[]; expected: string } {
  const example = JSON.parse(line.replace(/^\uFEFF/, "")) as { messages?: { role: string; content: string }[] };
  const messages = example.messages ?? [];
  const last = messages.map((m) => m.role).lastIndexOf("assistant");
  if (last < 1) throw new Error(`${where}: an evaluation example needs a prompt and a final assistant answer`);
  return {
    messages: messages.slice(0, last).map(({ role, content }) => ({ role, content }) as ChatCompletionMessageParam),
    expected: messages[last]!.content,
  };
}

/** Pure: the content filter refused the prompt (Azure: 400 with code `content_filter`). */
export function isContentFilterError(error: unknown): boolean {
  const e = error as Partial<FoundryError>;
  return e?.code === "content_filter" && (e.status === undefined || e.status === 400);
}

export interface EvaluationRun {
  file: string;
  maxTokens: number;
  deploymentName: string;
  /** For log lines. */
  modelName: string;
  resourceUrn: string;
  local: boolean;
}

export type ScoredSample = EvaluationSample & { prompt: string };

/** Pure: the replies an Evaluation keeps in its outputs (the first three, beside what was expected). */
export function firstSamples(samples: readonly ScoredSample[]): { prompt: string; expected: string; reply: string }[] {
  return samples.slice(0, 3).map(({ prompt, expected, reply }) => ({ prompt, expected, reply }));
}

export async function evaluateDeployment(
  data: DataPlane,
  run: EvaluationRun,
): Promise<{ scores: EvaluationScores; samples: ScoredSample[] }> {
  const lines = readFileSync(path.resolve(process.cwd(), run.file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const samples: ScoredSample[] = [];
  for (const [i, line] of lines.entries()) {
    const { messages, expected } = evaluationCase(line, `${run.file}:${i + 1}`);
    const params = { max_tokens: run.maxTokens, temperature: 0 };
    const prompt = String(messages.at(-1)?.content ?? "");
    try {
      // The deployment may be minutes old: the first request waits out DeploymentNotFound (Azure's warm-up),
      // and its latency is not counted as the model's.
      if (i === 0) {
        let told = false;
        await data.chatWhenServing(run.deploymentName, messages, params, {
          pollMs: run.local ? 200 : 10_000,
          onWaiting: () => {
            if (!told)
              void engineLog(
                "info",
                `${run.modelName}: ${run.deploymentName} does not serve yet (DeploymentNotFound); waiting`,
                run.resourceUrn,
              );
            told = true;
          },
        });
      }
      const started = performance.now();
      const completion = await data.chat(run.deploymentName, messages, params);
      const choice = completion.choices[0];
      const filtered = (choice?.finish_reason as string | undefined) === "content_filter";
      samples.push({
        prompt,
        expected,
        reply: filtered ? "" : (choice?.message.content ?? ""),
        latencyMs: performance.now() - started,
        ...(filtered ? { contentFiltered: true } : {}),
      });
    } catch (error) {
      if (!isContentFilterError(error)) throw error;
      samples.push({ prompt, expected, reply: "", latencyMs: 0, contentFiltered: true });
    }
  }
  return { scores: scoreEvaluation(samples), samples };
}
