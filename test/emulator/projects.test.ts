// Foundry projects on the local service: made through ARM (Projects_Create, _Get, _List, _Delete), then the data
// plane answers through `<url>/api/projects/<p>/openai/...` for the root account and
// `<url>/accounts/<a>/api/projects/<p>/openai/...` for named ones, on both surfaces, with the account's files and
// jobs; a project the account does not have is a 404.
import { AzureOpenAI, OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_GROUP, startEmulator, type TestEmulator, uniqueName, uploadSample } from "./helpers";

describe("Foundry projects on the local service", () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu?.close());

  it("ARM makes, reads, lists and deletes a project, with its endpoint; versions before projects existed are refused", async () => {
    const arm = emu.arm();
    const account = uniqueName("proj");
    const made = await arm.projects.beginCreateAndWait(RESOURCE_GROUP, account, "alpha", {
      location: "swedencentral",
      properties: { displayName: "Alpha" },
    });
    expect(made).toMatchObject({
      id: `${emu.armIdOf(account)}/projects/alpha`,
      name: "alpha",
      type: "Microsoft.CognitiveServices/accounts/projects",
      properties: {
        provisioningState: "Succeeded",
        displayName: "Alpha",
        endpoints: { "AI Foundry API": `${emu.url}/accounts/${account}/api/projects/alpha` },
      },
    });
    expect((await arm.projects.get(RESOURCE_GROUP, account, "ALPHA")).name).toBe("alpha");
    const listed = [];
    for await (const p of arm.projects.list(RESOURCE_GROUP, account)) listed.push(p.name);
    expect(listed).toEqual(["alpha"]);
    await arm.projects.beginDeleteAndWait(RESOURCE_GROUP, account, "alpha");
    await expect(arm.projects.get(RESOURCE_GROUP, account, "alpha")).rejects.toMatchObject({
      statusCode: 404,
      code: "ResourceNotFound",
    });

    const old = await fetch(`${emu.url}${emu.armIdOf(account)}/projects/alpha?api-version=2024-10-01`, {
      method: "PUT",
      headers: { "api-key": emu.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ location: "x" }),
    });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: { code: string } }).error.code).toBe("InvalidApiVersionParameter");
  });

  it("the root account's project answers on /api/projects/<p>/openai (dated and v1) with an api-key, and what it makes is the account's", async () => {
    await emu.arm().projects.beginCreateAndWait(RESOURCE_GROUP, "local", "root-proj", { location: "eastus2" });
    const v1 = new OpenAI({
      baseURL: `${emu.url}/api/projects/root-proj/openai/v1`,
      apiKey: emu.apiKey,
      maxRetries: 0,
      defaultHeaders: { "api-key": emu.apiKey, Authorization: null },
    });
    const dated = new AzureOpenAI({
      baseURL: `${emu.url}/api/projects/root-proj/openai`,
      apiKey: emu.apiKey,
      apiVersion: "2025-11-15-preview",
      maxRetries: 0,
    });
    const id = await uploadSample(v1, "train.jsonl");
    expect((await dated.files.retrieve(id)).status).toBe("processed");
    expect((await emu.v1().files.retrieve(id)).id).toBe(id);
    // Another account's copy of the same project name is not this one.
    await expect(
      new OpenAI({
        baseURL: `${emu.url}/accounts/${uniqueName("other")}/api/projects/root-proj/openai/v1`,
        apiKey: emu.apiKey,
        maxRetries: 0,
      }).files.list(),
    ).rejects.toMatchObject({
      status: 404,
      code: "NotFound",
    });
  });

  it("a project's files are its named account's, not another account's", async () => {
    const account = uniqueName("named");
    await emu.arm().projects.beginCreateAndWait(RESOURCE_GROUP, account, "team", { location: "eastus2" });
    const throughProject = new OpenAI({
      baseURL: `${emu.url}/accounts/${account}/api/projects/team/openai/v1`,
      apiKey: emu.apiKey,
      maxRetries: 0,
    });
    const id = await uploadSample(throughProject, "valid.jsonl");
    expect((await emu.v1(account).files.retrieve(id)).id).toBe(id);
    await expect(emu.v1(uniqueName("else")).files.retrieve(id)).rejects.toMatchObject({ status: 404 });
  });
});
