// npm run conformance: replays the recorded Azure exchanges (test/fixtures/azure-recordings/) against a local
// service on port 0 and prints the field-by-field table; exits 1 on any undocumented difference, or on a documented
// one no exchange shows (the list would say more than is true). The logic is
// test/conformance/conformance.ts, which the test suite runs too.
import { renderTable, runConformance } from "../test/conformance/conformance";

async function main(): Promise<void> {
  const report = await runConformance();
  console.log(renderTable(report));
  process.exitCode = report.undocumented.length > 0 || report.unused.length > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
