// Champion and challenger through the real CLI: a retrain that scores worse than the live model on the held-out
// set is refused by the gate before the live deployment is deleted. The live deployment keeps serving (its chat
// answers come from the old model), the new one is removed, and `up` fails naming both scores.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../testkit/pulumi/harness";
import { createProjectStack, type ProjectStack } from "../../testkit/pulumi/project";

const DATED = "api-version=2025-04-01-preview";
const ARM =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.CognitiveServices/accounts/dev/deployments?api-version=2024-10-01";

// The sample model as the dev stack trains it, with a gate: a new model must score at least as well as the live one.
const model = (trainingFile: string) => ({
  baseModel: "gpt-4.1-mini-2025-04-14",
  trainingFile,
  validationFile: "datasets/clippy/valid.jsonl",
  suffix: "clippy",
  seed: 42,
  method: { type: "supervised", hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 } },
  deployment: { name: "clippy", sku: "Standard", capacity: 1 },
  evaluation: { file: "datasets/clippy/eval.jsonl", gate: { metric: "tokenOverlap", minImprovementOverLive: 0 } },
});
const config = (trainingFile: string) => ({ account: { name: "dev" }, models: { clippy: model(trainingFile) } });

describe("a retrain that scores worse than the live model", () => {
  let t: ProjectStack;
  const question = [
    {
      role: "system",
      content:
        "You are Clippy, a factual assistant who always gives the correct answer but cannot resist a little sarcasm.",
    },
    { role: "user", content: "What is the capital of France?" },
  ];
  const deployments = async () =>
    (await t.admin<{ value: { name: string; properties: { model: { name: string } } }[] }>("GET", ARM)).value;
  const ask = async (deployment: string) =>
    (
      await t.admin<{ choices: { message: { content: string } }[] }>(
        "POST",
        `/accounts/dev/openai/deployments/${deployment}/chat/completions?${DATED}`,
        {
          messages: question,
          temperature: 0,
          max_tokens: 40,
        },
      )
    ).choices[0]!.message.content;

  beforeAll(async () => {
    t = await createProjectStack({ stackName: "dev", config: config("datasets/clippy/train.jsonl") });
    // The same prompts, every answer replaced: a model that learns it answers nothing the held-out set expects.
    const lines = readFileSync(path.join(projectRoot, "datasets/clippy/train.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim());
    // Each answer its own nonsense (the validator refuses a file whose answers are all the same).
    const worse = lines.map((line, i) => {
      const example = JSON.parse(line.replace(/^\uFEFF/, "")) as { messages: { role: string; content: string }[] };
      example.messages.at(-1)!.content =
        `Zork${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} blorpix quxly.`;
      return JSON.stringify(example);
    });
    expect(worse).toHaveLength(36);
    writeFileSync(path.join(t.workDir, "datasets/clippy/worse.jsonl"), worse.join("\n") + "\n");
  });
  afterAll(async () => t?.stop());

  it("is refused: the live deployment keeps serving the old model, the new one is removed, and up fails with both scores", async () => {
    await t.stack.up();
    const [live] = await deployments();
    expect(live).toBeDefined();
    const before = await ask(live!.name);

    t.setStackConfig(config("datasets/clippy/worse.jsonl"));
    const failure = await t.stack.up().then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      /clippy: the new model does not replace the live one on datasets\/clippy\/eval\.jsonl: token overlap changes by -[\d.]+, less than minImprovementOverLive 0/,
    );
    expect(failure).toMatch(
      new RegExp(`token overlap [\\d.]+ \\(new: clippy-[0-9a-f]{8}\\) vs [\\d.]+ \\(live: ${live!.name}\\)`),
    );
    expect(failure).toContain(`${live!.name} keeps serving`);

    const after = await deployments();
    expect(after.map((d) => [d.name, d.properties.model.name])).toEqual([[live!.name, live!.properties.model.name]]);
    expect(await ask(live!.name)).toBe(before);
  });
});
