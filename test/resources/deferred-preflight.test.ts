// declareFineTunedModels with an account that is another resource's output: the preflight runs once the account
// is known, with the same checks as at program start, against a real local service (in this process), through
// the SDK's mock runtime. The plan's file limits are checked and the retirement dates are read; a refusal comes
// before any of the models' resources is registered.
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { declareFineTunedModels } from "../../api";
import { constructFineTunedModel } from "../../provider-plugin/component";
import { useProviderConfig } from "../../provider-plugin/provider-config";
import { inProcessService } from "../support/in-process-service";
import { recordRegistrations } from "../support/recording-mocks";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const root = path.resolve(__dirname, "..", "..");
const BASE = "gpt-4.1-mini-2025-04-14";
const service = inProcessService("foundry-deferred-preflight-", 0.2);

beforeAll(async () => {
  vi.stubEnv("FOUNDRY_PREFLIGHT_TTL_SECONDS", "0"); // every declaration reads the account again
  await recordRegistrations(registered);
});
afterAll(() => vi.unstubAllEnvs());

/** An Output's value, or its failure (Output.promise is internal to the SDK's types, and is how it awaits one). */
const resolved = <T>(output: pulumi.Input<T> | undefined) =>
  (pulumi.output(output) as unknown as { promise(): Promise<T> }).promise();

/** One model, on the in-process service, whose account name is another resource's output (known here). */
function declare(name: string) {
  return declareFineTunedModels({
    projectDir: root,
    models: {
      [name]: {
        baseModel: BASE,
        trainingFile: "datasets/clippy/train.jsonl",
        trainingType: "GlobalStandard",
        method: { type: "supervised", hyperparameters: { n_epochs: 1 } },
      },
    },
    service: {
      target: "local",
      local: { dataDir: service.dataDir, port: 0 },
      account: { name: pulumi.output(Promise.resolve(service.account)), subscriptionId: "s", resourceGroup: "rg" },
    },
  });
}

const COMPONENT = "foundry:index:FineTunedModel";

/** Takes the process's unhandled rejections for a while (the runner would fail the file on them), and gives their messages. */
function collectUnhandledRejections(): { stop(): Promise<string[]> } {
  const messages: string[] = [];
  const saved = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const collect = (reason: unknown) => messages.push(String((reason as Error)?.message ?? reason));
  process.on("unhandledRejection", collect);
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last rejections of the same failure
      process.off("unhandledRejection", collect);
      for (const listener of saved) process.on("unhandledRejection", listener);
      return messages;
    },
  };
}

async function admin(route: string, body: unknown): Promise<void> {
  const response = await fetch(`${service.emulator.url}${route}`, {
    method: "PUT",
    headers: { "api-key": service.apiKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

describe("the preflight of an account known only at up", () => {
  it("reads the base model's retirement dates, exports them and gives them to the job", async () => {
    const dates = { fineTune: "2031-01-31T00:00:00Z", inference: "2032-06-30T00:00:00Z" };
    await admin(`/_emulator/models/${BASE}/deprecation`, dates);
    const { dated } = await declare("dated");
    expect(await resolved(dated!.outputs.retirement)).toEqual(dates);
    const job = () => registered.find((r) => r.name === "dated" && r.type !== COMPONENT);
    await vi.waitFor(() => expect(job()).toBeDefined());
    expect(job()!.inputs.retirement).toEqual(dates);
  });

  it("refuses a plan over the account's file limit, before any of the model's resources is registered", async () => {
    const { data } = service.clients();
    const filler = path.join(service.scratch, "filler.jsonl");
    const line = JSON.stringify({
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
    });
    writeFileSync(filler, `${line}\n`.repeat(10));
    for (let i = 0; i < 100; i++) await data.uploadFile(filler);
    // Each of the model's resources fails to register with the refusal: in a program, the CLI reports it.
    const refused = collectUnhandledRejections();
    const { crowded } = await declare("crowded");
    const failure = await resolved(crowded!.outputs.accountId).then(
      () => "the preflight passed",
      (error: Error) => error.message,
    );
    const rejections = await refused.stop();
    expect(rejections.length).toBeGreaterThan(0);
    for (const message of rejections) expect(message).toContain(`preflight failed on account ${service.account}`);
    expect(failure).toContain(
      `preflight failed on account ${service.account}, nothing was uploaded, trained or deployed`,
    );
    expect(failure).toMatch(
      new RegExp(
        `files: account ${service.account} has no room for the plan's files: 100 of 100 files .*1 file\\(s\\) too many`,
      ),
    );
    const declared = registered.filter((r) => r.name.startsWith("crowded-") || r.name === "crowded");
    expect(declared.map((r) => r.type)).toEqual([COMPONENT]); // the component alone: nothing of the service's
  });

  // The provider plugin's component (any Pulumi language) is planned and preflighted by the same code.
  it("refuses the plugin's FineTunedModel over the file limit too (the account still holds 100 files)", async () => {
    useProviderConfig({
      accountName: service.account,
      subscriptionId: "s",
      resourceGroup: "rg",
      localDataDir: service.dataDir,
    });
    const construct = constructFineTunedModel(
      "plugin-crowded",
      { baseModel: BASE, trainingFile: "datasets/clippy/train.jsonl", trainingType: "GlobalStandard" },
      {},
    );
    await expect(construct).rejects.toThrow(
      new RegExp(`preflight failed on account ${service.account}(.|\n)*files: account ${service.account} has no room`),
    );
  });
});
