// The README is executable: every npm command in its code blocks runs, in order, on a fresh copy of the project
// (as a clone would be), and what the README says it prints or makes is checked. An npm command anywhere in the
// README, CONTRIBUTING.md or the docs it sends to that is neither run nor excluded below, with a reason, fails the test.
import { existsSync, lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CommandRun, createFreshProject, type FreshProject, projectRoot } from "../support/fresh-project";
import { planCommands, readmeCommands } from "../support/readme-commands";

const RECOVERY =
  "recovers from a killed `up`, so it needs one: the chaos campaign kills `up` and runs this recovery (scripts/chaos/steps.ts)";
const EXCLUDED: Record<string, string> = {
  "npm test": "the whole suite, which contains this test",
  "npm run pulumi -- login <backend>": "a placeholder for the user's own backend",
  "npm run emulator -- --port 8443 --data-dir .foundry-local --api-key <key> --time-scale 1":
    "a long-running server with a placeholder key; the commands that are run start the service by themselves",
  "npm run pulumi": "names the wrapper in prose, with no command",
  "npm run typecheck": "run by test/unit/typecheck.test.ts",
  "npm run build": "run by `npm pack` (its prepack script), which is run",
  "npm run pulumi -- cancel --yes": RECOVERY,
  "npm run pulumi -- cancel": RECOVERY,
  "npm run pulumi -- login": "names Pulumi Cloud's login in prose; it needs an account",
  "npm run pulumi -- stack init dev":
    "follows `az` commands that make an Azure Blob backend; test/backend/azure-blob.test.ts does the same on Azurite",
  "npm run test:backend": "runs test/backend, which npm test runs too",
  "npm run conformance":
    "the conformance table against recorded Azure traffic; npm test runs the same check (test/conformance)",
  "npm run pulumi -- refresh --clear-pending-creates --yes": RECOVERY,
  "npm run pulumi -- up": RECOVERY,
  "npm run bench": "benchmarks of several minutes, whose figures are never asserted",
  "npm run bench -- dataset|emulator|preview|plugin|catalogue|uploads":
    "benchmarks of several minutes, whose figures are never asserted",
  "npm run bench -- uploads":
    "a benchmark that writes and uploads 1 GB; test/foundry/uploads.test.ts and test/e2e/large-datasets.test.ts push files through the Uploads API in npm test",
  "npm run mutation":
    "Stryker over the pure logic, kept out of npm test on purpose (many minutes); it runs the unit tests, which npm test runs",
  "npm run mutation -- --force --concurrency 2": "Stryker again for every mutant, about 13 minutes",
  "npm run bench -- catalogue":
    "the preview catalogue as a table; test/e2e/preview-catalogue.test.ts runs the same edits in npm test",
  "npm run bench -- emulator": "a benchmark, whose figures are never asserted",
  "npm run bench -- plugin":
    "the provider plugin's preview benchmark, whose figures are never asserted; test/e2e/provider-plugin.test.ts runs the plugin's previews in npm test",
  "BENCH_MODELS=1,10 npm run bench -- preview": "the preview benchmark at two sizes, whose figures are never asserted",
  "BENCH_MODELS=10,100 npm run bench -- preview":
    "the preview benchmark at two sizes, whose figures are never asserted",
  "npm run bench -- preview": "the preview benchmark, several minutes, whose figures are never asserted",
  "BENCH_MODELS=1,10,30,100 npm run bench -- preview":
    "the preview benchmark at four sizes, about 20 minutes, whose figures are never asserted",
  "npm run bench -- dataset --mb 200 --skip-preview":
    "the dataset benchmark on 200 MB, whose figures are never asserted",
  "npm run chaos": "the chaos campaign, about 6 minutes; its short versions run in npm test (test/chaos, test/fuzz)",
  "npm run chaos -- --runs 2 --seed 2": "the chaos campaign, longer still; its short versions run in npm test",
  "npm run chaos -- --only b-kill-up --runs 2 --seed 2":
    "one scenario of the chaos campaign, about 5 minutes; its short version runs in npm test (test/chaos)",
  "npm run chaos -- --fuzz --cases 5000": "the fuzz campaign; its short version runs in npm test (test/fuzz)",
  "npm run pulumi -- import foundry:index:FineTuningJob notebook-job ftjob-<id> --generate-code=false":
    "a placeholder for a job made elsewhere; test/e2e/provider-plugin.test.ts runs this import on a job made with the openai SDK",
  "npm run pulumi -- import foundry:index:ModelDeployment portal-deployment /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<account>/deployments/<name> --generate-code=false":
    "placeholders for a deployment made elsewhere; test/e2e/provider-plugin.test.ts runs this import on one made with @azure/arm-cognitiveservices",
};

const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
// The pages for contributors run nothing of their own: each npm command they name is run by the README or
// excluded above, with a reason.
const CONTRIBUTOR_DOCS = ["CONTRIBUTING.md", "docs/benchmarks.md", "docs/guarantees.md"];
const commands = [
  ...readmeCommands(readme).map((c) => ({ ...c, file: "README.md" })),
  ...CONTRIBUTOR_DOCS.flatMap((file) =>
    readmeCommands(readFileSync(path.join(projectRoot, file), "utf8")).map((c) => ({
      ...c,
      kind: "inline" as const,
      file,
    })),
  ),
];
const plan = planCommands(commands, EXCLUDED);

/** Resource changes an update or preview printed, e.g. ["1 created"]; empty when it changed nothing. */
function changeCounts(stdout: string): string[] {
  return [
    ...stdout.matchAll(
      /^\s*[+~-]?\s*(\d+ (?:to create|to update|to replace|to delete|created|updated|replaced|deleted))\s*$/gm,
    ),
  ].map((m) => m[1]!);
}

/** The URL of the local service running in the copy, from its discovery file. */
function serviceUrl(project: FreshProject): string {
  return (
    JSON.parse(readFileSync(path.join(project.dir, ".foundry-local", "emulator.json"), "utf8")) as { url: string }
  ).url;
}

/** The JSON document a command printed, after the lines npm prints before a script's own output. */
function printedJson(stdout: string) {
  return JSON.parse(stdout.slice(stdout.search(/^[{[]/m)));
}

/** What the README says each command prints or makes. */
const DOCUMENTED: Record<string, (run: CommandRun, project: FreshProject) => void> = {
  "npm start": (run, project) => {
    expect(run.stdout).toContain("Stack outputs:");
    expect(run.stdout).toMatch(
      /clippy: charts reports\/out\/dev\/clippy\/loss\.png and reports\/out\/dev\/clippy\/accuracy\.png/,
    );
    expect(run.stdout).toMatch(/was asked: .+\nand replied: \S/);
    expect(existsSync(path.join(project.dir, "reports", "out", "dev", "clippy", "loss.png"))).toBe(true);
  },
  "npm run pulumi -- preview --stack dev --diff": (run) => expect(changeCounts(run.stdout)).toEqual([]),
  "npm run pulumi -- up --stack dev": (run) => expect(changeCounts(run.stdout)).toEqual([]),
  "npm run pulumi -- stack output --stack dev --json": (run, project) => {
    const clippy = printedJson(run.stdout).models.clippy;
    expect(clippy.fineTunedModel).toMatch(/-clippy$/);
    expect(clippy.deployment.endpoint).toBe(`${serviceUrl(project)}/accounts/dev`);
  },
  "npm run pulumi -- destroy --stack prod": (run) => expect(run.stdout).toMatch(/\d+ deleted/),
  "npm run pulumi -- destroy --stack dev": (run) => expect(run.stdout).toMatch(/\d+ deleted/),
  "npm run preview:report -- --stack dev": (run, project) => {
    const report = readFileSync(path.join(project.dir, "reports", "out", "preview.md"), "utf8");
    expect(report).toContain("clippy");
    // The shipped dev stack, unchanged after `npm start`: its monthly hosting is still on the bill.
    expect(report).toMatch(/hosting \$1,241\.00\/month/);
    expect(run.stdout).toContain(report.trim().split("\n")[0]);
  },
  "npm run pulumi -- up --stack prod": (run) => {
    expect(run.stderr).toContain("stack prod does not exist yet; creating it for Pulumi.prod.yaml");
    // Promotion trains nothing: only the deployment is created.
    expect(run.stdout).not.toMatch(/FineTuningJob|TrainingFile/);
    expect(new Set([...run.stdout.matchAll(/dynamic\/foundry:(\w+)/g)].map((m) => m[1]))).toEqual(
      new Set(["ModelDeployment"]),
    );
    expect(changeCounts(run.stdout.slice(run.stdout.indexOf("Updating (prod)")))).toEqual(["3 created"]); // the stack, the model's component, the deployment
    // The update's summary names the model, as the stack output does (it was once reported to print `models : { }`).
    const summary = run.stdout.slice(run.stdout.lastIndexOf("Outputs:"));
    expect(summary).toMatch(/models\s*:\s*\{\s*\n\s*clippy\s*:\s*\{/);
    expect(summary).toContain("promotedFrom");
    expect(summary).toMatch(/endpoint\s*:\s*"https:\/\/127\.0\.0\.1:\d+\/accounts\/prod"/);
  },
  "npm run preview:report -- --stack dev --after-up": (_run, project) => {
    const report = readFileSync(path.join(project.dir, "reports", "out", "after-up.md"), "utf8");
    expect(report).toContain("clippy");
    expect(report).toMatch(/loss\.png/);
  },
  "npm run pulumi -- preview --stack dev --policy-pack policy/foundry-policy-pack --policy-pack-config policy/config.json":
    (run) => {
      expect(run.stdout).toMatch(/foundry-policy-pack/);
      expect(changeCounts(run.stdout)).toEqual([]);
    },
  "npm pack": (_run, project) => {
    const { version } = JSON.parse(readFileSync(path.join(project.dir, "package.json"), "utf8")) as { version: string };
    expect(existsSync(path.join(project.dir, `foundry-finetune-${version}.tgz`))).toBe(true);
    expect(existsSync(path.join(project.dir, "dist", "api.js"))).toBe(true);
  },
  "npm install --prefix examples/support-bot": (_run, project) => {
    // A copy of the built package, not a link back to the project.
    const installed = path.join(project.dir, "examples", "support-bot", "node_modules", "foundry-finetune");
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(path.join(installed, "dist", "api.js"))).toBe(true);
    expect(existsSync(path.join(installed, "resources"))).toBe(false);
    expect(existsSync(path.join(project.dir, "examples", "support-bot", "node_modules", "@pulumi", "pulumi"))).toBe(
      true,
    );
  },
  "npm run pulumi -- up --cwd examples/support-bot --stack dev --yes": (run, project) => {
    expect(run.stdout).toContain("foundry:index:FineTunedModel");
    expect(run.stdout).toMatch(/support-bot:AppSettings/);
    const settings = JSON.parse(
      readFileSync(path.join(project.dir, "examples", "support-bot", "settings", "dev.json"), "utf8"),
    ) as Record<string, string>;
    expect(settings.model).toMatch(/-support$/);
    expect(settings.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  },
  "npm run pulumi -- destroy --cwd examples/support-bot --stack dev --yes": (run, project) => {
    expect(run.stdout).toMatch(/\d+ deleted/);
    expect(existsSync(path.join(project.dir, "examples", "support-bot", "settings", "dev.json"))).toBe(false);
  },
  "npm run pulumi -- up --cwd examples/yaml-model --stack dev --yes": (run) => {
    expect(run.stdout).toContain("foundry:index:FineTunedModel");
    expect(changeCounts(run.stdout)).toContain("6 created");
  },
  "npm run pulumi -- preview --cwd examples/yaml-model --stack dev": (run) =>
    expect(changeCounts(run.stdout)).toEqual([]),
  "npm run pulumi -- destroy --cwd examples/yaml-model --stack dev --yes": (run) =>
    expect(run.stdout).toMatch(/6 deleted/),
  "npm run pulumi -- package gen-sdk provider-plugin/schema.json --language go --out .cache/sdk": (_run, project) => {
    expect(existsSync(path.join(project.dir, ".cache", "sdk", "go", "foundry", "fineTunedModel.go"))).toBe(true);
  },
  "npm run pulumi -- stack output --stack prod --json": (run, project) => {
    const clippy = printedJson(run.stdout).models.clippy;
    expect(clippy.promotedFrom).toMatchObject({ stack: "dev", model: "clippy" });
    expect(clippy.deployment.endpoint).toBe(`${serviceUrl(project)}/accounts/prod`);
  },
};

describe("the README", () => {
  it("has no npm command that is neither run nor excluded with a reason", () => {
    const where = (c: { command: string; line: number; file: string }) => `${c.file}:${c.line}: ${c.command}`;
    expect(
      plan.unaccounted.map(where),
      "run these in a code block, or exclude them in test/e2e/readme.test.ts with a reason",
    ).toEqual([]);
    expect(plan.staleExclusions, "exclusions of commands the README no longer has").toEqual([]);
    expect(plan.run.length).toBeGreaterThan(5);
  });

  let project: FreshProject | undefined;
  afterAll(() => project?.cleanup());

  it("runs as written, in order, on a fresh copy of the project", async () => {
    // PULUMI_SKIP_CONFIRMATIONS answers the prompt `up`, `refresh` and `destroy` show a user at a terminal.
    project = createFreshProject({ PULUMI_SKIP_CONFIRMATIONS: "true" });
    const timings: string[] = [];
    for (const { command, line } of plan.run) {
      const run = await project.run(command);
      timings.push(`${run.seconds.toFixed(1)} s  ${command}`);
      const tail = (text: string) => text.split("\n").slice(-40).join("\n");
      expect(
        run.code,
        `README.md:${line}: \`${command}\` exited with ${run.code}\n--- stdout\n${tail(run.stdout)}\n--- stderr\n${tail(run.stderr)}`,
      ).toBe(0);
      try {
        DOCUMENTED[command]?.(run, project);
      } catch (error) {
        throw new Error(
          `README.md:${line}: \`${command}\` does not print or make what the README says: ${(error as Error).message}\n--- stdout\n${tail(run.stdout)}\n--- stderr\n${tail(run.stderr)}`,
        );
      }
    }
    console.log(`README commands on a fresh copy:\n  ${timings.join("\n  ")}`);
  });
});
