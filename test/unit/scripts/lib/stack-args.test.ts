// The wrapper's reading of a pulumi command line (scripts/lib/stack-args.mjs): which stack to create first.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The module is plain JavaScript loaded by path (no declarations), so its shape is written here.
let args: {
  stackArg(args: string[]): string | undefined;
  cwdArg(args: string[]): string | undefined;
  commandOf(args: string[]): string | undefined;
  stackToEnsure(args: string[], hasConfigFile: (stack: string) => boolean): string | undefined;
  listsStack(stackLsJson: string, stack: string): boolean;
};
beforeAll(async () => {
  args = await import(path.resolve(__dirname, "..", "..", "..", "..", "scripts", "lib", "stack-args.mjs"));
});

describe("stackArg", () => {
  it("reads every spelling of the stack flag", () => {
    expect(args.stackArg(["up", "--stack", "prod"])).toBe("prod");
    expect(args.stackArg(["up", "--stack=prod", "--yes"])).toBe("prod");
    expect(args.stackArg(["preview", "-s", "prod"])).toBe("prod");
    expect(args.stackArg(["preview", "-sprod"])).toBe("prod");
  });

  it("is undefined without one, or after --", () => {
    expect(args.stackArg(["up", "--yes"])).toBeUndefined();
    expect(args.stackArg(["up", "--", "--stack", "x"])).toBeUndefined();
  });
});

describe("cwdArg", () => {
  it("reads every spelling of the project folder flag, and stops at --", () => {
    expect(args.cwdArg(["up", "--cwd", "examples/support-bot"])).toBe("examples/support-bot");
    expect(args.cwdArg(["up", "--cwd=examples/support-bot", "--yes"])).toBe("examples/support-bot");
    expect(args.cwdArg(["-C", "examples/support-bot", "preview"])).toBe("examples/support-bot");
    expect(args.cwdArg(["up", "--yes"])).toBeUndefined();
    expect(args.cwdArg(["up", "--", "--cwd", "x"])).toBeUndefined();
  });
});

describe("commandOf", () => {
  it("skips flags and their values", () => {
    expect(args.commandOf(["--stack", "prod", "up"])).toBe("up");
    expect(args.commandOf(["-C", "dir", "preview", "--diff"])).toBe("preview");
    expect(args.commandOf(["--non-interactive"])).toBeUndefined();
  });
});

describe("stackToEnsure", () => {
  const hasFile = (stack: string) => ["dev", "prod"].includes(stack);

  it("creates a configured stack for up, preview and config", () => {
    expect(args.stackToEnsure(["up", "--stack", "prod"], hasFile)).toBe("prod");
    expect(args.stackToEnsure(["preview", "--json", "--stack", "dev"], hasFile)).toBe("dev");
    expect(args.stackToEnsure(["config", "set", "x", "1", "-s", "prod"], hasFile)).toBe("prod");
  });

  it("creates nothing for other commands, unconfigured stacks or qualified names", () => {
    expect(args.stackToEnsure(["destroy", "--stack", "prod"], hasFile)).toBeUndefined();
    expect(args.stackToEnsure(["stack", "output", "--stack", "prod"], hasFile)).toBeUndefined();
    expect(args.stackToEnsure(["up", "--stack", "staging"], hasFile)).toBeUndefined();
    expect(args.stackToEnsure(["up", "--stack", "acme/foundry-finetune/prod"], hasFile)).toBeUndefined();
    expect(args.stackToEnsure(["up"], hasFile)).toBeUndefined();
  });
});

describe("listsStack", () => {
  it("matches plain and qualified names", () => {
    const ls = JSON.stringify([{ name: "dev", current: true }, { name: "acme/foundry-finetune/prod" }]);
    expect(args.listsStack(ls, "dev")).toBe(true);
    expect(args.listsStack(ls, "prod")).toBe(true);
    expect(args.listsStack(ls, "staging")).toBe(false);
    expect(args.listsStack("[]", "dev")).toBe(false);
  });
});
