// `npm run bench [-- dataset|emulator|preview|plugin|catalogue|uploads ...]`: every benchmark part, or the ones named. Figures only.
import { benchCatalogue } from "./catalogue";
import runDataset from "./dataset";
import { benchEmulator } from "./emulator";
import { benchPlugin, PLUGIN_TITLE } from "./plugin";
import { benchPreview, PREVIEW_TITLE } from "./preview";
import { benchUploads, UPLOADS_TITLE } from "./uploads";

const parts: Record<string, () => Promise<void>> = {
  dataset: runDataset,
  emulator: async () => print("local Foundry service", await benchEmulator()),
  preview: async () => print(PREVIEW_TITLE, await benchPreview()),
  plugin: async () => print(PLUGIN_TITLE, await benchPlugin()),
  catalogue: benchCatalogue,
  uploads: async () => print(UPLOADS_TITLE, await benchUploads()),
};

function print(title: string, figures: Array<[string, string]>) {
  const width = Math.max(...figures.map(([k]) => k.length));
  process.stdout.write(`${title}\n`);
  for (const [k, v] of figures) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => a in parts);
  for (const name of wanted.length ? wanted : Object.keys(parts)) {
    process.stdout.write(`\n== ${name}\n`);
    await parts[name]!();
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
