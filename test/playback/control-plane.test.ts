// The program's ARM client (foundry/control-plane.ts, @azure/arm-cognitiveservices) against a recorded
// deployment: the PUT answers Creating with an Azure-AsyncOperation header, the operation reads Running (with
// percentComplete) six times, then Succeeded, and the deployment is read back; then one inference call.
import { afterEach, describe, expect, it } from "vitest";
import { ARM_SCOPE } from "../../azure/endpoints";
import { createOpenAIClient } from "../../foundry/data-plane-client";
import { resolveTarget } from "../../foundry/target";
import { PlaybackCredential, playbackClients, playbackTarget } from "../support/playback/connect";
import { loadRecording, recordedAnswer, withExchanges } from "../support/playback/recordings";
import { type Playback, startPlayback } from "../support/playback/server";

const MODEL = "gpt-4.1-mini-2025-04-14.ft-b525297af36e4cfda898d13c3f91d3dc";
const OPERATION =
  "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CognitiveServices/locations/eastus2/operationResults/sanitized-operation-id";
let playback: Playback | undefined;
afterEach(async () => {
  await playback?.close();
  playback = undefined;
});

describe("deployment through the ARM long-running operation", () => {
  it("PUT (Creating), the operation Running until Succeeded, then the deployment as ARM reports it", async () => {
    const recording = loadRecording("deploy-infer-delete");
    playback = await startPlayback([recording]);
    const credential = new PlaybackCredential();
    const { control } = playbackClients(playback, credential);

    const deployed = await control.createOrUpdateDeployment("test-ftjob-id", {
      model: { name: MODEL },
      sku: { name: "GlobalStandard", capacity: 50 },
    });
    expect(deployed).toEqual({
      id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sanitized-resource-group-name/providers/Microsoft.CognitiveServices/accounts/sanitized-account-name/deployments/test-ftjob-id",
      name: "test-ftjob-id",
      model: { name: MODEL, format: "OpenAI", version: "1" },
      sku: { name: "GlobalStandard", capacity: 50 },
      versionUpgradeOption: "NoAutoUpgrade",
      provisioningState: "Succeeded",
    });
    // The body is the one Azure accepted, and nothing was left unanswered on the way.
    const put = playback.requests.find((r) => r.method === "PUT")!;
    expect(put.json).toEqual(recordedAnswer(recording, "PUT", "/deployments/test-ftjob-id").requestBody);
    expect(playback.unrecorded).toEqual([]);
    // Creating and Running are not an end: every recorded poll was read, up to Succeeded, then the resource.
    expect(
      playback.requests.map((r) => `${r.method} ${r.path === OPERATION ? "operation" : r.path.split("/").pop()}`),
    ).toEqual(["PUT test-ftjob-id", ...Array(7).fill("GET operation"), "GET test-ftjob-id"]);
    expect(credential.scopes.every((scope) => scope === ARM_SCOPE)).toBe(true);
  });

  it("reads a deployment as ARM reports it", async () => {
    const recording = loadRecording("deploy-infer-delete");
    playback = await startPlayback([
      withExchanges(recording, (e) => e.method === "GET" && e.path.endsWith("/test-ftjob-id")),
    ]);
    const { control } = playbackClients(playback);
    expect(await control.getDeployment("test-ftjob-id")).toMatchObject({
      provisioningState: "Succeeded",
      sku: { name: "GlobalStandard", capacity: 50 },
    });
  });

  it("DELETE answers 202 with its own operation: the program follows the header the recording gives (and stops where the recording does)", async () => {
    const recording = loadRecording("deploy-infer-delete");
    playback = await startPlayback([
      withExchanges(
        recording,
        (e) => e.method === "DELETE" || (e.method === "GET" && e.path.endsWith("/test-ftjob-id")),
      ),
    ]);
    const { control } = playbackClients(playback);
    await expect(control.deleteDeployment("test-ftjob-id")).rejects.toThrow(
      `No recorded Azure exchange answers GET ${OPERATION}?api-version=2025-09-01`,
    );
    expect(
      playback.requests
        .map((r) => `${r.method} ${r.path === OPERATION ? "operation" : r.path.split("/").pop()}`)
        .slice(0, 2),
    ).toEqual(["DELETE test-ftjob-id", "GET operation"]);
  });
});

describe("inference", () => {
  it("one Responses API call on the deployment, through the program's own OpenAI client for the project endpoint", async () => {
    const recording = loadRecording("deploy-infer-delete");
    playback = await startPlayback([recording]);
    const credential = new PlaybackCredential();
    const client = createOpenAIClient(resolveTarget(playbackTarget(playback)), {
      kind: "bearer",
      getToken: async () => (await credential.getToken("https://cognitiveservices.azure.com/.default")).token,
    });
    const response = await client.responses.create({
      model: "test-ftjob-id",
      input: [{ role: "user", content: "Who invented the telephone?" }],
    });
    expect(response.output_text).toBe("The telephone was invented by Alexander Graham Bell.");
    expect(response.usage?.total_tokens).toBe(22);
    const sent = playback.requests.at(-1)!;
    expect(sent.json).toEqual(recordedAnswer(recording, "POST", "/responses").requestBody);
    expect(sent.headers.authorization).toBe("Bearer playback-token");
    expect(playback.unrecorded).toEqual([]);
  });
});
