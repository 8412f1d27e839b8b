// `npm start`: the main job. `pulumi up` on the dev stack (the local Foundry service starts by itself),
// then the stack outputs, where the charts are, and a reply from the deployed model to a sample prompt.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import { connect } from "../foundry";
import { ensureLocalService } from "../resources/provider-runtime/local-service";

const projectRoot = path.resolve(__dirname, "..");
const stack = process.env.FOUNDRY_STACK ?? "dev";

function pulumi(args: string[], capture = false): string {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "pulumi.mjs"), ...args], {
    cwd: projectRoot,
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(`\n\`pulumi ${args.join(" ")}\` failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? "";
}

interface ModelOutput {
  fineTunedModel?: string;
  metrics?: Record<string, number>;
  charts?: Record<string, string>;
  resultsCsvPath?: string;
  deployment?: { name: string; endpoint: string; model?: string; checkpoint?: { reason?: string } };
  quality?: { bestStep?: number; bestFullValidLoss?: number; finalFullValidLoss?: number; warnings?: string[] };
}

/** The conversation of the first training example, up to its last user turn: what the model was taught to answer. */
function samplePrompt(): ChatCompletionMessageParam[] {
  const line = readFileSync(path.join(projectRoot, "datasets", "clippy", "train.jsonl"), "utf8")
    .replace(/^\uFEFF/, "")
    .split("\n")[0]!;
  const messages = JSON.parse(line).messages as { role: string; content: string }[];
  const lastUser = messages.map((m) => m.role).lastIndexOf("user");
  return messages.slice(0, lastUser + 1).map(({ role, content }) => ({ role, content }) as ChatCompletionMessageParam);
}

async function main() {
  pulumi(["stack", "select", "--create", stack, "--non-interactive"]);
  pulumi(["up", "--yes", "--non-interactive", "--stack", stack]);
  const outputs = JSON.parse(pulumi(["stack", "output", "--json", "--stack", stack], true)) as {
    target: string;
    models: Record<string, ModelOutput>;
  };
  console.log("\nStack outputs:\n" + JSON.stringify(outputs, null, 2));

  for (const [name, model] of Object.entries(outputs.models)) {
    if (model.charts)
      console.log(
        `\n${name}: charts ${model.charts.lossPng} and ${model.charts.accuracyPng}; results ${model.resultsCsvPath}`,
      );
    const q = model.quality;
    if (q?.bestStep !== undefined) {
      console.log(
        `${name}: best checkpoint at step ${q.bestStep} (full validation loss ${q.bestFullValidLoss}; final model ${q.finalFullValidLoss})`,
      );
      for (const warning of q.warnings ?? []) console.log(`${name}: warning: ${warning}`);
    }
    if (model.deployment?.checkpoint?.reason)
      console.log(`${name}: deploys ${model.deployment.model}, ${model.deployment.checkpoint.reason}`);
    if (!model.deployment || outputs.target !== "local") continue;
    const service = await ensureLocalService(projectRoot, ".foundry-local");
    const { data } = connect(
      {
        kind: "local",
        endpoint: model.deployment.endpoint,
        armEndpoint: service.url,
        subscriptionId: "-",
        resourceGroup: "-",
        accountName: "-",
        caCertPath: service.caCert,
      },
      { apiKey: service.apiKey },
    );
    const messages = samplePrompt();
    // A deployment made by this up may not serve for a while yet (DeploymentNotFound): wait that out.
    const reply = await data.chatWhenServing(model.deployment.name, messages, {}, { pollMs: 1_000 });
    console.log(`\n${name} (${model.deployment.name}) was asked: ${String(messages.at(-1)!.content)}`);
    console.log(`and replied: ${reply.choices[0]?.message.content}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
