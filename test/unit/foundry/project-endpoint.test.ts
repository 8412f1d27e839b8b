// A Foundry project endpoint, parsed once (foundry/project-endpoint.ts), and the one decision of where the data
// plane is and which token scope it takes (foundry/data-plane-route.ts); the stack config's two ways of naming a
// project and its errors (program/config.ts); and that naming a project moves no resource (target identity).
import { describe, expect, it } from "vitest";
import { dataPlaneRoute } from "../../../foundry/data-plane-route";
import { splitEndpoint } from "../../../foundry/project-endpoint";
import { type FoundryTarget, resolveTarget } from "../../../foundry/target";
import { parseStackConfig } from "../../../program/config";
import { targetInputs } from "../../../program/stack-config";
import { targetIdentity } from "../../../resources/shared/target-inputs";

describe("splitEndpoint", () => {
  it("an account endpoint has no project; a project endpoint splits into its host and project", () => {
    expect(splitEndpoint("https://acct.openai.azure.com/")).toEqual({ endpoint: "https://acct.openai.azure.com" });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/projects/ft-proj")).toEqual({
      endpoint: "https://acct.services.ai.azure.com",
      project: "ft-proj",
    });
    expect(splitEndpoint("https://127.0.0.1:8443/api/projects/p_1.x/")).toEqual({
      endpoint: "https://127.0.0.1:8443",
      project: "p_1.x",
    });
    // A gateway in front of an account keeps its path, as before projects.
    expect(splitEndpoint("https://gateway.example.com/aoai/")).toEqual({
      endpoint: "https://gateway.example.com/aoai",
    });
  });

  it("names the rule a malformed endpoint breaks", () => {
    expect(splitEndpoint("acct.services.ai.azure.com")).toEqual({ problem: "must be a URL" });
    expect(splitEndpoint("ftp://acct/api/projects/p")).toEqual({ problem: "must be an http(s) URL" });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/projects/p?x=1")).toEqual({
      problem: "must have no query or fragment",
    });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/project/p")).toMatchObject({
      problem: expect.stringMatching(
        /^a path naming a project must be \/api\/projects\/<project> .*got path \/api\/project\/p$/,
      ),
    });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/projects/")).toMatchObject({
      problem: expect.stringContaining("a path naming a project must be"),
    });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/projects/p/openai")).toMatchObject({
      problem: expect.stringMatching(/the project in .* must be 2-64 letters/),
    });
    expect(splitEndpoint("https://acct.services.ai.azure.com/api/projects/-p")).toMatchObject({
      problem: expect.stringContaining("must be 2-64"),
    });
  });
});

describe("dataPlaneRoute", () => {
  const endpoint = "https://acct.services.ai.azure.com";
  it("an account: <endpoint>/openai[/v1], Cognitive Services scope", () => {
    expect(dataPlaneRoute({ endpoint, dataPlaneForm: "dated" })).toEqual({
      baseURL: `${endpoint}/openai`,
      scope: "https://cognitiveservices.azure.com/.default",
    });
    expect(dataPlaneRoute({ endpoint, dataPlaneForm: "v1" })).toEqual({
      baseURL: `${endpoint}/openai/v1`,
      scope: "https://cognitiveservices.azure.com/.default",
    });
  });
  it("a project: <endpoint>/api/projects/<project>/openai[/v1], ai.azure.com scope", () => {
    expect(dataPlaneRoute({ endpoint, project: "p", dataPlaneForm: "dated" })).toEqual({
      baseURL: `${endpoint}/api/projects/p/openai`,
      scope: "https://ai.azure.com/.default",
    });
    expect(dataPlaneRoute({ endpoint, project: "p", dataPlaneForm: "v1" })).toEqual({
      baseURL: `${endpoint}/api/projects/p/openai/v1`,
      scope: "https://ai.azure.com/.default",
    });
  });
});

describe("resolveTarget with a project", () => {
  const base: FoundryTarget = {
    kind: "azure",
    endpoint: "https://a.services.ai.azure.com",
    armEndpoint: "https://management.azure.com",
    subscriptionId: "s",
    resourceGroup: "rg",
    accountName: "a",
  };
  it("keeps the project and defaults the dated api-version to the recorded one", () => {
    expect(resolveTarget({ ...base, project: "pr" })).toMatchObject({
      project: "pr",
      apiVersion: "2025-11-15-preview",
    });
    expect(resolveTarget(base)).toMatchObject({ apiVersion: "2025-04-01-preview" });
    expect(resolveTarget(base)).not.toHaveProperty("project");
  });
  it("refuses a project name ARM would refuse", () => {
    expect(() => resolveTarget({ ...base, project: "a/b" })).toThrow(/project: must be 2-64 letters/);
  });
});

describe("the stack config names a project", () => {
  const models = { clippy: { baseModel: "gpt-4.1-mini-2025-04-14", trainingFile: "datasets/clippy/train.jsonl" } };
  const azure = (account: Record<string, unknown>) => ({
    target: "azure",
    account: { name: "acct", subscriptionId: "s", resourceGroup: "rg", ...account },
    models,
  });

  it("as account.project, or through a project endpoint, to the same target", () => {
    const byKey = parseStackConfig(azure({ endpoint: "https://acct.services.ai.azure.com", project: "ft-proj" }));
    const byEndpoint = parseStackConfig(azure({ endpoint: "https://acct.services.ai.azure.com/api/projects/ft-proj" }));
    expect(byEndpoint.account).toEqual(byKey.account);
    expect(targetInputs(byEndpoint)).toMatchObject({
      endpoint: "https://acct.services.ai.azure.com",
      project: "ft-proj",
    });
    expect(targetInputs(parseStackConfig(azure({})))).not.toHaveProperty("project");
  });

  it("a malformed project endpoint, a bad project name or two different projects fail naming the key and the rule", () => {
    expect(() =>
      parseStackConfig(azure({ endpoint: "https://acct.services.ai.azure.com/projects/p" }), "Pulumi.azure.yaml"),
    ).toThrow(
      /Pulumi\.azure\.yaml: invalid stack config\n {2}foundry-finetune:account\.endpoint: a path naming a project must be \/api\/projects\/<project> .*got path \/projects\/p/,
    );
    expect(() => parseStackConfig(azure({ project: "x" }))).toThrow(
      /foundry-finetune:account\.project: must be 2-64 letters/,
    );
    expect(() =>
      parseStackConfig(azure({ endpoint: "https://acct.services.ai.azure.com/api/projects/one", project: "two" })),
    ).toThrow(/foundry-finetune:account\.project: is "two" but the endpoint names project "one"/);
  });

  it("naming a project, or moving from the account endpoint to the project's, keeps the target identity (nothing retrains)", () => {
    const accountForm = targetInputs(parseStackConfig(azure({ endpoint: "https://acct.openai.azure.com" })));
    const projectForm = targetInputs(
      parseStackConfig(azure({ endpoint: "https://acct.services.ai.azure.com/api/projects/ft-proj" })),
    );
    expect(targetIdentity(projectForm)).toBe(targetIdentity(accountForm));
    expect(targetIdentity({ ...projectForm, accountName: "other" })).not.toBe(targetIdentity(accountForm));
  });
});
