// `npm run preview:report -- --stack <name> [--stack <name2>] [--out <file>] [--json <file>] [--from-json <file>]`
// Runs `pulumi preview --json` for each stack through the project's wrapper (scripts/pulumi.mjs), writes the PR
// report (reports/out/preview.md by default) and prints it. With --from-json the previews are read from files
// instead (one per --stack, in order), which is how the tests and offline reviews use it. --json also writes the
// same facts as JSON (reports/preview-data.ts) for CI steps that gate on them.
// Exits 1 when a preview failed, after writing the report: CI posts it either way and fails the check.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { previewData } from "../reports/preview-data";
import { parsePreviewJson, type StackPreview } from "../reports/preview-json";
import { renderReport } from "../reports/preview-report";

const projectRoot = path.resolve(__dirname, "..");

function usage(message: string): never {
  process.stderr.write(`preview:report: ${message}\nusage: npm run preview:report -- --stack <name> [--stack <name>...] [--out <file>] [--json <file>] [--from-json <file>...]\n`);
  process.exit(2);
}

/** stdout of `pulumi preview --json`; the CLI prints the JSON document even when the preview fails. */
function runPreview(stack: string): string {
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, "scripts", "pulumi.mjs"), "preview", "--json", "--show-sames", "--non-interactive", "--stack", stack],
    { cwd: projectRoot, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  if (result.error) throw new Error(`pulumi preview --stack ${stack}: ${result.error.message}`);
  if (!result.stdout.trim().startsWith("{")) {
    throw new Error(`pulumi preview --stack ${stack} exited with ${result.status} and printed no JSON document`);
  }
  return result.stdout;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", multiple: true, default: [] },
      out: { type: "string", default: path.join("reports", "out", "preview.md") },
      json: { type: "string" },
      "from-json": { type: "string", multiple: true, default: [] },
    },
    strict: true,
  });
  const stacks = values.stack ?? [];
  const files = values["from-json"] ?? [];
  if (stacks.length === 0 && files.length === 0) usage("name at least one --stack (or --from-json file)");
  if (files.length > 0 && stacks.length > 0 && stacks.length !== files.length) {
    usage(`--from-json gives ${files.length} file(s) for ${stacks.length} --stack name(s); give one per stack, in order`);
  }

  const previews: StackPreview[] = files.length > 0
    ? files.map((file, i) => {
        try {
          return parsePreviewJson(readFileSync(file, "utf8"), stacks[i]);
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`);
        }
      })
    : stacks.map((stack) => parsePreviewJson(runPreview(stack), stack));

  const markdown = renderReport(previews);
  const out = path.resolve(values.out!);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  if (values.json) {
    const jsonOut = path.resolve(values.json);
    mkdirSync(path.dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, JSON.stringify(previewData(previews), null, 2) + "\n");
  }
  process.stdout.write(markdown);
  const shown = path.relative(process.cwd(), out);
  process.stderr.write(`preview:report: wrote ${shown.startsWith("..") ? out : shown} (${markdown.length.toLocaleString("en-US")} characters)\n`);
  if (previews.some((p) => p.failed)) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  process.stderr.write(`preview:report: ${(error as Error).message}\n`);
  process.exit(2);
}
