// `npm run bench -- catalogue`: the preview-truth catalogue (test/e2e/catalogue): per edit, the operations
// `pulumi preview --json` announces, those the following `up` performs, and whether they match.
import { renderCatalogue } from "../../testkit/catalogue/compare";
import { runCatalogue } from "../../testkit/catalogue/run";

export async function benchCatalogue(): Promise<void> {
  const started = Date.now();
  const rows = await runCatalogue({
    onRow: (r) => process.stderr.write(`  ${r.match ? "match   " : "MISMATCH"} ${r.edit}\n`),
  });
  process.stdout.write(
    `${renderCatalogue(rows)}(${((Date.now() - started) / 1000).toFixed(0)} s, including the first up of both stacks)\n`,
  );
}
