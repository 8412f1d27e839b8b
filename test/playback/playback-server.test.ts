// The playback server itself: it answers recorded requests with the recorded status, headers and body, walks a
// sequence in recorded order, points a recorded operation URL at itself, and refuses what nothing recorded
// (599, naming the request) or what it has already served.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fits } from "../support/playback/matching";
import { loadRecording, recordingNames } from "../support/playback/recordings";
import { type Playback, startPlayback, UNRECORDED_STATUS } from "../support/playback/server";

const P = "/api/projects/sanitized-project-name/openai";
const V = "api-version=2025-11-15-preview";
let playback: Playback | undefined;
afterEach(async () => {
  await playback?.close();
  playback = undefined;
});

describe("recordings", () => {
  it("name their source file and commit, and hold exchanges in the documented shape", () => {
    const names = recordingNames();
    expect(names.length).toBeGreaterThanOrEqual(13);
    for (const name of names) {
      const { source, exchanges } = loadRecording(name);
      expect(source.repo, name).toBe("Azure/azure-sdk-assets");
      expect(source.commit, name).toMatch(/^[0-9a-f]{40}$/);
      expect(source.path, name).toMatch(/^python\/sdk\/ai\/azure-ai-projects\/tests\/recordings\/.+\.json$/);
      for (const e of exchanges) {
        expect(e.path, name).toMatch(/^\/(api\/projects|subscriptions)\//);
        expect(Object.keys(e).sort(), name).toEqual(
          [
            "headers",
            "method",
            "path",
            "query",
            "requestBody",
            "responseBody",
            "status",
            ...(e.responseBodyBase64 ? ["responseBodyBase64"] : []),
          ].sort(),
        );
        for (const header of Object.keys(e.headers)) expect(header).toBe(header.toLowerCase());
      }
    }
  });
  it("are counted right in their README", () => {
    const readme = readFileSync(path.join(__dirname, "../fixtures/azure-recordings/README.md"), "utf8");
    const names = recordingNames();
    const exchanges = names.reduce((n, name) => n + loadRecording(name).exchanges.length, 0);
    expect(readme).toContain(`**${names.length} scenarios, ${exchanges} recorded exchanges**`);
    for (const name of names) expect(readme, name).toContain(`| \`${name}\` |`);
  });
});

describe("matching", () => {
  const exchange = loadRecording("list-jobs").exchanges[1]!; // GET jobs ?api-version&after=sanitized-ftjob-id
  const request = (query: Record<string, string>) => ({ method: "GET", path: `${P}/fine_tuning/jobs`, query });
  it("needs every recorded query parameter, and allows only a page size besides", () => {
    expect(fits(exchange, request({ "api-version": "2025-11-15-preview", after: "sanitized-ftjob-id" }))).toBe(true);
    expect(
      fits(exchange, request({ "api-version": "2025-11-15-preview", after: "sanitized-ftjob-id", limit: "100" })),
    ).toBe(true);
    expect(fits(exchange, request({ "api-version": "2025-11-15-preview" }))).toBe(false);
    expect(fits(exchange, request({ "api-version": "2025-04-01-preview", after: "sanitized-ftjob-id" }))).toBe(false);
    expect(
      fits(exchange, request({ "api-version": "2025-11-15-preview", after: "sanitized-ftjob-id", order: "desc" })),
    ).toBe(false);
    expect(
      fits(exchange, {
        ...request({ "api-version": "2025-11-15-preview", after: "sanitized-ftjob-id" }),
        method: "POST",
      }),
    ).toBe(false);
  });
});

describe("server", () => {
  it("walks a sequence in recorded order, then refuses the next with 599 naming the request", async () => {
    playback = await startPlayback([loadRecording("files")]);
    const url = `${playback.url}${P}/files/file-b9d23d304e9047139316c7890ba4db9d?${V}`;
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push(((await (await fetch(url)).json()) as { status: string }).status);
    expect(statuses).toEqual(["pending", "running", "processed", "processed"]);
    const refused = await fetch(url);
    expect(refused.status).toBe(UNRECORDED_STATUS);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      `No recorded Azure exchange answers GET ${P}/files/file-b9d23d304e9047139316c7890ba4db9d?${V}`,
    );
    expect(playback.unrecorded).toEqual([`GET ${P}/files/file-b9d23d304e9047139316c7890ba4db9d?${V}`]);
  });

  it("serves recorded status, headers and body, a file's bytes, and an operation URL on its own origin", async () => {
    playback = await startPlayback([loadRecording("files"), loadRecording("deploy-infer-delete")]);
    const content = await fetch(`${playback.url}${P}/files/file-b9d23d304e9047139316c7890ba4db9d/content?${V}`);
    expect(content.status).toBe(200);
    expect(content.headers.get("content-type")).toBe("application/octet-stream");
    const bytes = Buffer.from(await content.arrayBuffer());
    expect(bytes.length).toBe(2706);
    expect(
      bytes
        .toString("utf8")
        .split("\r\n")
        .map((line) => JSON.parse(line) as { messages: unknown[] })[0]!.messages,
    ).toHaveLength(3);

    const deployment =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sanitized-resource-group-name/providers/Microsoft.CognitiveServices/accounts/sanitized-account-name/deployments/test-ftjob-id";
    const put = await fetch(`${playback.url}${deployment}?api-version=2025-09-01`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(201);
    expect(((await put.json()) as { properties: { provisioningState: string } }).properties.provisioningState).toBe(
      "Creating",
    );
    const operation = put.headers.get("azure-asyncoperation")!;
    expect(
      operation.startsWith(
        `${playback.url}/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CognitiveServices/locations/eastus2/operationResults/`,
      ),
    ).toBe(true);
    expect(((await (await fetch(operation)).json()) as { status: string; percentComplete: number }).status).toBe(
      "Running",
    );
    expect(playback.unserved()).toContain(`DELETE ${deployment}`);
  });

  it("matches a name the program chooses as the recording's own", async () => {
    playback = await startPlayback([loadRecording("deploy-infer-delete")], {
      aliases: { "clippy-0a1b2c3d": "test-ftjob-id" },
    });
    const base = `${playback.url}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sanitized-resource-group-name/providers/Microsoft.CognitiveServices/accounts/sanitized-account-name/deployments`;
    expect((await fetch(`${base}/clippy-0a1b2c3d?api-version=2025-09-01`, { method: "DELETE" })).status).toBe(202);
    expect((await fetch(`${base}/other?api-version=2025-09-01`, { method: "DELETE" })).status).toBe(UNRECORDED_STATUS);
  });
});
