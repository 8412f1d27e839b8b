// Which installed Pulumi CLI the scripts may use (scripts/lib/pulumi-cli.mjs): where they look, and the version floor.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The module is plain JavaScript loaded by path (no declarations), so its shape is written here.
let cli: {
  candidateClis(
    env: Record<string, string | undefined>,
    homeDir: string | undefined,
    isDirectory?: (path: string) => boolean,
  ): { file: string; source: string }[];
  parseCliVersion(printed: string): number[] | undefined;
  cliVerdict(printed: string, sdkVersion: string): { ok: boolean; reason?: string; version?: string };
};
beforeAll(async () => {
  cli = await import(path.resolve(__dirname, "..", "..", "..", "..", "scripts", "lib", "pulumi-cli.mjs"));
});

describe("candidateClis", () => {
  it("looks at FOUNDRY_PULUMI_CLI first, then PATH, then the installer's folder, once each", () => {
    const env = {
      FOUNDRY_PULUMI_CLI: "/opt/pulumi",
      PATH: ["/usr/bin", "/opt/pulumi", "", "/usr/bin"].join(path.delimiter),
    };
    expect(cli.candidateClis(env, "/home/u", (p: string) => p === "/opt/pulumi")).toEqual([
      { file: "/opt/pulumi/pulumi", source: "FOUNDRY_PULUMI_CLI" },
      { file: "/usr/bin/pulumi", source: "PATH" },
      { file: "/home/u/.pulumi/bin/pulumi", source: "~/.pulumi" },
    ]);
  });

  it("takes FOUNDRY_PULUMI_CLI as the binary itself too, and PULUMI_HOME for the installer's folder", () => {
    expect(cli.candidateClis({ FOUNDRY_PULUMI_CLI: "/x/bin/pulumi", PULUMI_HOME: "/p" }, "/home/u")).toEqual([
      { file: "/x/bin/pulumi", source: "FOUNDRY_PULUMI_CLI" },
      { file: "/p/bin/pulumi", source: "PULUMI_HOME" },
    ]);
  });

  it("looks nowhere when FOUNDRY_PULUMI_CLI=build", () => {
    expect(cli.candidateClis({ FOUNDRY_PULUMI_CLI: "build", PATH: "/usr/bin" }, "/home/u")).toEqual([]);
  });
});

describe("parseCliVersion", () => {
  it("reads what `pulumi version` prints", () => {
    expect(cli.parseCliVersion("v3.274.1\n")).toEqual([3, 274, 1]);
    expect(cli.parseCliVersion("3.270.0")).toEqual([3, 270, 0]);
    expect(cli.parseCliVersion("v3.275.0-alpha.1712+g1234.dirty")).toEqual([3, 275, 0]);
  });

  it("refuses anything else", () => {
    for (const text of ["", "pulumi", "v3.274", "error: unknown command", "v3.274.1 extra"])
      expect(cli.parseCliVersion(text)).toBeUndefined();
  });
});

describe("cliVerdict", () => {
  it("accepts the SDK's own version and later 3.x", () => {
    expect(cli.cliVerdict("v3.270.0", "3.270.0")).toEqual({ ok: true, version: "v3.270.0" });
    expect(cli.cliVerdict("v3.274.1\n", "3.270.0")).toEqual({ ok: true, version: "v3.274.1" });
    expect(cli.cliVerdict("v3.300.0", "3.270.0").ok).toBe(true);
  });

  it("refuses an older CLI, naming both versions", () => {
    const verdict = cli.cliVerdict("v3.269.9", "3.270.0");
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toBe("it is v3.269.9, older than v3.270.0 (the @pulumi/pulumi version this project uses)");
    expect(cli.cliVerdict("v3.100.0", "3.270.0").ok).toBe(false);
  });

  it("refuses another major and an unreadable version", () => {
    expect(cli.cliVerdict("v4.0.0", "3.270.0").reason).toContain("needs a v3.x CLI");
    expect(cli.cliVerdict("v2.999.0", "3.270.0").ok).toBe(false);
    expect(cli.cliVerdict("segmentation fault", "3.270.0").reason).toContain("not a version");
  });
});
