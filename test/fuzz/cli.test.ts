// Fuzz cases through the real CLI: bad data (4 files fast-check mutated, each rejected for another rule) or bad
// config stops `pulumi up` with the location and no stack trace, and the local service receives no request.
import { describe, expect, it } from "vitest";

// validate/ loads its heavy parts lazily with require(), which the program's runtimes (ts-node, tsx)
// resolve for .ts files; register tsx so plain require does the same under the test runner.
(require(require.resolve("tsx/cjs/api")) as { register(): void }).register();

import { runCliCases } from "../../testkit/fuzz/cli-cases";

describe("fuzz cases through the real CLI", () => {
  it("each bad dataset or config fails naming file:line:rule or the key, with zero requests to the service", async () => {
    const cases = await runCliCases({ datasetCases: 4, seed: 1 });
    for (const c of cases) {
      const seen = {
        failed: c.exitCode !== 0,
        named: c.named,
        stackTrace: c.stackTrace,
        requests: c.requests,
        uploads: c.uploads,
      };
      expect(seen, c.label).toEqual({ failed: true, named: true, stackTrace: false, requests: 0, uploads: 0 });
    }
    expect(cases.length).toBe(7);
  }, 600_000);
});
