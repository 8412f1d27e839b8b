// `pulumi package gen-sdk` from the plugin's schema, through the project's wrapper as the README shows it: the Go
// SDK compiles against the Pulumi Go SDK from the Go module proxy; the Python one compiles to bytecode; the .NET
// one is generated (no .NET SDK on our machines), with a class per resource.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../testkit/pulumi/harness";

const RESOURCES = ["TrainingFile", "FineTuningJob", "ModelDeployment", "Evaluation", "FineTunedModel"];
let out: string;

function genSdk(language: string): void {
  execFileSync(
    "node",
    ["scripts/pulumi.mjs", "package", "gen-sdk", "provider-plugin/schema.json", "--language", language, "--out", out],
    { cwd: projectRoot, stdio: "pipe" },
  );
}

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" });

beforeAll(() => {
  out = mkdtempSync(path.join(os.tmpdir(), "foundry-sdks-"));
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe("SDKs generated from provider-plugin/schema.json", () => {
  it("Go: generated, and builds with the Pulumi Go SDK (tools/foundry-go-sdk pins it)", () => {
    genSdk("go");
    const dir = path.join(out, "go", "foundry");
    for (const type of RESOURCES) expect(files(dir)).toContain(`${type[0]!.toLowerCase()}${type.slice(1)}.go`);
    for (const f of ["go.mod", "go.sum"])
      copyFileSync(path.join(projectRoot, "tools", "foundry-go-sdk", f), path.join(dir, f));
    // Go's own caches keep the module and its build: only the first run compiles the Pulumi Go SDK.
    execFileSync("go", ["build", "./..."], {
      cwd: dir,
      stdio: "pipe",
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", CGO_ENABLED: "0" },
    });
  });

  it("Python: generated, and every module compiles", () => {
    genSdk("python");
    const dir = path.join(out, "python", "foundry_finetune");
    expect(files(dir)).toEqual(
      expect.arrayContaining([
        "training_file.py",
        "fine_tuning_job.py",
        "model_deployment.py",
        "evaluation.py",
        "fine_tuned_model.py",
      ]),
    );
    execFileSync("python3", ["-m", "compileall", "-q", dir], { stdio: "pipe" });
  });

  it(".NET: generated, a class per resource and the project file", () => {
    genSdk("dotnet");
    const dir = path.join(out, "dotnet");
    expect(files(dir)).toEqual(
      expect.arrayContaining([...RESOURCES.map((t) => `${t}.cs`), "FoundryFinetune.Foundry.csproj"]),
    );
    expect(existsSync(path.join(dir, "logo.png"))).toBe(true); // answered offline by the generator (tools/pulumi-sdkgen)
  });
});
