// The README test's reading of the README (test/support/readme-commands.ts).
import { describe, expect, it } from "vitest";
import { planCommands, readmeCommands, withoutComment } from "../support/readme-commands";

const README = [
  "# Title",
  "Run `npm run validate -- a.jsonl` or `npm run chaos`; `pulumi up` is not npm.",
  "```",
  "npm start    # trains",
  "             # a continued comment",
  "npm run pulumi -- up --stack prod",
  "```",
  "```yaml",
  "key: npm start inside yaml is not a command line",
  "````",
  "```",
  "FOUNDRY_PULUMI_CLI=build npm start",
  "npm run validate -- a.jsonl",
].join("\n");

describe("readmeCommands", () => {
  it("finds fenced and inline npm commands in order, with their lines", () => {
    expect(readmeCommands(README)).toEqual([
      { command: "npm run validate -- a.jsonl", line: 2, kind: "inline" },
      { command: "npm run chaos", line: 2, kind: "inline" },
      { command: "npm start", line: 4, kind: "block" },
      { command: "npm run pulumi -- up --stack prod", line: 6, kind: "block" },
      { command: "FOUNDRY_PULUMI_CLI=build npm start", line: 12, kind: "block" },
      { command: "npm run validate -- a.jsonl", line: 13, kind: "block" },
    ]);
  });

  it("drops trailing comments only", () => {
    expect(withoutComment("npm start   # dev trains")).toBe("npm start");
    expect(withoutComment("npm run x -- --flag=#1")).toBe("npm run x -- --flag=#1");
  });
});

describe("planCommands", () => {
  it("runs fenced commands not excluded, accepts inline mentions of them, reports the rest", () => {
    const plan = planCommands(readmeCommands(README), {
      "FOUNDRY_PULUMI_CLI=build npm start": "builds the CLI",
      "npm run gone": "removed",
    });
    expect(plan.run.map((c) => c.command)).toEqual([
      "npm start",
      "npm run pulumi -- up --stack prod",
      "npm run validate -- a.jsonl",
    ]);
    expect(plan.unaccounted.map((c) => c.command)).toEqual(["npm run chaos"]);
    expect(plan.staleExclusions).toEqual(["npm run gone"]);
  });
});
