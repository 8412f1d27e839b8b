// CONTRIBUTING.md's "How the code is laid out" is true: every folder it names exists, no source folder is missing
// from it, every file its "Where a change goes" table names exists, and imports go down the layers it states,
// with no cycle.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_NAMES } from "../../resources/shared/provider-shim";

const root = path.resolve(__dirname, "..", "..");
const guide = readFileSync(path.join(root, "CONTRIBUTING.md"), "utf8");
const section = guide.slice(
  guide.indexOf("## How the code is laid out"),
  guide.indexOf("\n## ", guide.indexOf("## How the code is laid out") + 5),
);
const tree = /```\n([\s\S]*?)```/.exec(section)![1]!;

/** `name/` or `name.ts` at the start of a line of the tree, with its indentation (two spaces = inside resources/). */
const entries = tree
  .split("\n")
  .map((line) => /^( *)(\S+)/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null && /^[a-z<][\w.<>-]*(\/|\.ts)$/.test(m[2]!))
  .map((m) => ({ nested: m[1]!.length > 0, name: m[2]! }));
const topLevel = entries.filter((e) => !e.nested).map((e) => e.name.replace(/\/$/, ""));
const inResources = entries.filter((e) => e.nested).map((e) => e.name.replace(/\/$/, ""));

const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);

describe("CONTRIBUTING.md: How the code is laid out", () => {
  it("names folders and files that exist", () => {
    expect(topLevel.length).toBeGreaterThan(10);
    for (const name of topLevel) expect(existsSync(path.join(root, name)), name).toBe(true);
    for (const name of inResources.filter((n) => n !== "<kind>"))
      expect(statSync(path.join(root, "resources", name)).isDirectory(), `resources/${name}`).toBe(true);
  });

  it("leaves no source folder out", () => {
    const folders = new Set(tracked.filter((f) => f.includes("/") && !f.startsWith(".")).map((f) => f.split("/")[0]!));
    expect([...folders].filter((f) => !topLevel.includes(f))).toEqual([]);
    const resourceFolders = new Set(
      tracked.filter((f) => f.startsWith("resources/") && f.split("/").length > 2).map((f) => f.split("/")[1]!),
    );
    expect(
      [...resourceFolders].filter(
        (f) => !inResources.includes(f) && !(PROVIDER_NAMES as readonly string[]).includes(f),
      ),
    ).toEqual([]);
  });

  it("mirrors the source folders in test/unit/: every folder there names a source folder", () => {
    const unitFolders = new Set(
      tracked
        .filter((f) => f.startsWith("test/unit/") && f.split("/").length > 3)
        .map((f) => path.dirname(f.slice("test/unit/".length))),
    );
    expect(unitFolders.size).toBeGreaterThan(5);
    const strays = [...unitFolders].filter(
      (folder) => !existsSync(path.join(root, folder)) || !statSync(path.join(root, folder)).isDirectory(),
    );
    expect(strays, "test/unit/<folder> must be the path of a source folder").toEqual([]);
  });

  it("gives every resource kind its contract, resource and provider", () => {
    expect(inResources).toContain("<kind>");
    for (const kind of PROVIDER_NAMES) {
      for (const file of ["contract.ts", "resource.ts", "provider.ts"])
        expect(existsSync(path.join(root, "resources", kind, file)), `resources/${kind}/${file}`).toBe(true);
    }
  });

  it("names, in 'Where a change goes', files that exist", () => {
    const table = section.slice(section.indexOf("Where a change goes"));
    const paths = [...table.matchAll(/`((?:[a-z]+\/)+[\w.-]+\.(?:ts|mjs))`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) expect(existsSync(path.join(root, p)), p).toBe(true);
  });
});

// Layers, top to bottom: a module may import its own layer and any layer below, never one above.
const LAYERS: string[][] = [
  ["index.ts", "api.ts", "provider-plugin"],
  ["program"],
  ["resources"],
  ["analysis", "foundry", "validate"],
  ["azure", "startup"],
];
/** The bottom floor: each of these imports nothing of ours outside its own folder. */
const SELF_CONTAINED = ["azure", "startup"];
const layerOf = (file: string) =>
  LAYERS.findIndex((layer) => layer.some((top) => file === top || file.startsWith(`${top}/`)));
const sources = tracked.filter((f) => f.endsWith(".ts") && layerOf(f) >= 0);

/** The project files a module imports; `runtimeOnly` leaves out `import type` (erased, so never a load cycle). */
function relativeImports(file: string, runtimeOnly = false): string[] {
  let text = readFileSync(path.join(root, file), "utf8");
  if (runtimeOnly) text = text.replace(/^import type [^;]*;/gm, "");
  const specs = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs
    .map((spec) => path.relative(root, path.resolve(root, path.dirname(file), spec)))
    .map(
      (target) =>
        [`${target}.ts`, `${target}/index.ts`, target].find(
          (candidate) => existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile(),
        ) ?? target,
    );
}

describe("imports", () => {
  it("go down the layers, never up, and never into the local service or the PR report", () => {
    const upward: string[] = [];
    for (const file of sources) {
      for (const target of relativeImports(file)) {
        const below = layerOf(target);
        if (below < 0 || below < layerOf(file)) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("leave the bottom floor only for outside packages: azure/ and startup/ import nothing else of ours", () => {
    const outward: string[] = [];
    for (const folder of SELF_CONTAINED) {
      for (const file of sources.filter((f) => f.startsWith(`${folder}/`))) {
        for (const target of relativeImports(file))
          if (!target.startsWith(`${folder}/`)) outward.push(`${file} -> ${target}`);
      }
    }
    expect(sources.some((f) => f.startsWith("azure/"))).toBe(true);
    expect(outward).toEqual([]);
  });

  it("form no load cycle", () => {
    const graph = new Map(sources.map((f) => [f, relativeImports(f, true).filter((t) => sources.includes(t))]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, chain: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...chain.slice(chain.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...chain, file]);
      state.set(file, "done");
    };
    for (const file of sources) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
