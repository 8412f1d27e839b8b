// `npm run preview:report -- --stack <name> [--stack <name2>] [--out <file>] [--json <file>] [--from-json <file>]`
// Runs `pulumi preview --json` for each stack through the project's wrapper (scripts/pulumi.mjs), writes the PR
// report (reports/out/preview.md by default) and prints it. With --from-json the previews are read from files
// instead (one per --stack, in order), which is how the tests and offline reviews use it. --json also writes the
// same facts as JSON (pr-report/preview-data.ts) for CI steps that gate on them.
// Exits 1 when a preview failed, after writing the report: CI posts it either way and fails the check.
// A live preview also keeps the stack's outputs as they are before the update (reports/out/<stack>/
// outputs-before-up.json). `--after-up` then reports, from `pulumi stack output --json` (or --outputs <file>),
// each model's new metrics beside those (or beside --previous <file>), with its charts as images.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { previewData } from "../pr-report/preview-data";
import { parsePreviewJson, type StackPreview } from "../pr-report/preview-json";
import { renderReport } from "../pr-report/preview-report";
import { afterUpModels, outputsBeforeUpdate, renderAfterUpReport } from "../pr-report/quality-report";

const projectRoot = path.resolve(__dirname, "..");

function usage(message: string): never {
  process.stderr.write(
    `preview:report: ${message}\nusage: npm run preview:report -- --stack <name> [--stack <name>...] [--out <file>] [--json <file>] [--from-json <file>...]\n` +
      "       npm run preview:report -- --after-up --stack <name> [--outputs <file>] [--previous <file>] [--out <file>]\n",
  );
  process.exit(2);
}

/** stdout of `pulumi preview --json`; the CLI prints the JSON document even when the preview fails. */
function runPreview(stack: string): string {
  const result = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, "scripts", "pulumi.mjs"),
      "preview",
      "--json",
      "--show-sames",
      "--non-interactive",
      "--stack",
      stack,
    ],
    {
      cwd: projectRoot,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (result.error) throw new Error(`pulumi preview --stack ${stack}: ${result.error.message}`);
  if (!result.stdout.trim().startsWith("{")) {
    throw new Error(`pulumi preview --stack ${stack} exited with ${result.status} and printed no JSON document`);
  }
  return result.stdout;
}

const beforeUpFile = (stack: string) =>
  path.join(projectRoot, "reports", "out", stack.replace(/[^a-zA-Z0-9_.-]/g, "_"), "outputs-before-up.json");

function stackOutputs(stack: string): unknown {
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, "scripts", "pulumi.mjs"), "stack", "output", "--json", "--stack", stack],
    {
      cwd: projectRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (result.status !== 0) throw new Error(`pulumi stack output --stack ${stack} exited with ${result.status}`);
  return JSON.parse(result.stdout);
}

const readJson = (file: string) => {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
};

/** After `pulumi up`: the new figures beside the ones kept before it. */
function afterUp(
  stack: string,
  outputsFile: string | undefined,
  previousFile: string | undefined,
  outFile: string | undefined,
): void {
  const current = outputsFile ? readJson(outputsFile) : stackOutputs(stack);
  const previousPath = previousFile ?? (existsSync(beforeUpFile(stack)) ? beforeUpFile(stack) : undefined);
  const previous = previousPath ? readJson(previousPath) : undefined;
  const out = path.resolve(outFile ?? path.join("reports", "out", "after-up.md"));
  const image = (p: string) => path.relative(path.dirname(out), path.resolve(projectRoot, p)).split(path.sep).join("/");
  const markdown = renderAfterUpReport(stack, afterUpModels(current, previous), image);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  process.stdout.write(markdown);
  process.stderr.write(
    `preview:report: wrote ${path.relative(process.cwd(), out)}${previousPath ? `, compared with ${path.relative(process.cwd(), previousPath)}` : ", no earlier outputs to compare with"}\n`,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", multiple: true, default: [] },
      out: { type: "string" },
      json: { type: "string" },
      "from-json": { type: "string", multiple: true, default: [] },
      "after-up": { type: "boolean", default: false },
      outputs: { type: "string" },
      previous: { type: "string" },
    },
    strict: true,
  });
  const stacks = values.stack ?? [];
  const files = values["from-json"] ?? [];
  if (values["after-up"]) {
    if (stacks.length !== 1) usage("--after-up reports one --stack");
    afterUp(stacks[0]!, values.outputs, values.previous, values.out);
    return;
  }
  if (stacks.length === 0 && files.length === 0) usage("name at least one --stack (or --from-json file)");
  if (files.length > 0 && stacks.length > 0 && stacks.length !== files.length) {
    usage(
      `--from-json gives ${files.length} file(s) for ${stacks.length} --stack name(s); give one per stack, in order`,
    );
  }

  const previews: StackPreview[] =
    files.length > 0
      ? files.map((file, i) => {
          try {
            return parsePreviewJson(readFileSync(file, "utf8"), stacks[i]);
          } catch (error) {
            throw new Error(`${file}: ${(error as Error).message}`);
          }
        })
      : stacks.map((stack) => {
          const document = runPreview(stack);
          keepOutputsBeforeUp(stack, document);
          const preview = parsePreviewJson(document, stack);
          // A preview lists no unchanged resource: their hosting is still on the bill, read from the stack's outputs.
          if (!preview.outputs && !preview.failed) {
            try {
              return { ...preview, outputs: stackOutputs(stack) as Record<string, unknown> };
            } catch {
              return preview; // a new stack has no outputs yet
            }
          }
          return preview;
        });

  const markdown = renderReport(previews);
  const out = path.resolve(values.out ?? path.join("reports", "out", "preview.md"));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  if (values.json) {
    const jsonOut = path.resolve(values.json);
    mkdirSync(path.dirname(jsonOut), { recursive: true });
    writeFileSync(jsonOut, JSON.stringify(previewData(previews), null, 2) + "\n");
  }
  process.stdout.write(markdown);
  const shown = path.relative(process.cwd(), out);
  process.stderr.write(
    `preview:report: wrote ${shown.startsWith("..") ? out : shown} (${markdown.length.toLocaleString("en-US")} characters)\n`,
  );
  if (previews.some((p) => p.failed)) process.exitCode = 1;
}

/** What `--after-up` compares with: the stack's outputs as this preview found them. */
function keepOutputsBeforeUp(stack: string, document: string): void {
  const outputs = outputsBeforeUpdate(JSON.parse(document));
  if (!outputs) return;
  mkdirSync(path.dirname(beforeUpFile(stack)), { recursive: true });
  writeFileSync(beforeUpFile(stack), JSON.stringify(outputs, null, 2) + "\n");
}

try {
  main();
} catch (error) {
  process.stderr.write(`preview:report: ${(error as Error).message}\n`);
  process.exit(2);
}
