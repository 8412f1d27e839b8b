// Outputs stay true: the local service the stacks start keeps its address across restarts, so the deployment
// endpoint in the stack outputs still names it after the service was killed, and a no-op up stays a no-op.
// When another process took the kept port, the service moves and says so.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFreshProject, type FreshProject, stopLocalService } from "../support/fresh-project";

/** Resource changes an update or preview printed (e.g. "1 to update"); empty when it changed nothing. */
function changeCounts(stdout: string): string[] {
  return [
    ...stdout.matchAll(
      /^\s*[+~-]?\s*(\d+ (?:to create|to update|to replace|to delete|created|updated|replaced|deleted))\s*$/gm,
    ),
  ].map((m) => m[1]!);
}

describe("the local service after a restart", () => {
  let project: FreshProject;
  let blocker: Server | undefined;
  afterAll(async () => {
    blocker?.close();
    await project?.cleanup();
  });

  const dataDir = () => path.join(project.dir, ".foundry-local");
  const running = () =>
    JSON.parse(readFileSync(path.join(dataDir(), "emulator.json"), "utf8")) as { url: string; pid: number };
  const keptPort = () => readFileSync(path.join(dataDir(), "port"), "utf8").trim();
  const endpoint = async () => {
    const out = await project.run("npm run --silent pulumi -- stack output --stack dev --json");
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout).models.clippy.deployment.endpoint as string;
  };

  it("keeps its port, so the outputs still name it and a no-op up stays a no-op", async () => {
    project = createFreshProject({ PULUMI_SKIP_CONFIRMATIONS: "true" });
    const first = await project.run("npm start");
    expect(first.code, first.stderr.slice(-3000)).toBe(0);
    const before = running();
    expect(await endpoint()).toBe(`${before.url}/accounts/dev`);
    expect(keptPort()).toBe(new URL(before.url).port);

    await stopLocalService(dataDir()); // as a reboot or a kill -9 would
    const up = await project.run("npm run pulumi -- up --stack dev");
    expect(up.code, up.stdout.slice(-3000)).toBe(0);
    expect(changeCounts(up.stdout)).toEqual([]);
    const preview = await project.run("npm run pulumi -- preview --stack dev");
    expect(changeCounts(preview.stdout)).toEqual([]);

    // npm start talks to the deployment at the endpoint the outputs name: it answers only if the address held.
    const again = await project.run("npm start");
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    expect(again.stdout).toMatch(/and replied: \S/);
    const after = running();
    expect(after.pid).not.toBe(before.pid);
    expect(after.url).toBe(before.url);
    expect(await endpoint()).toBe(`${after.url}/accounts/dev`);
  });

  it("moves to a new port, with a warning naming the stale outputs, when its port is taken", async () => {
    const before = running();
    await stopLocalService(dataDir());
    const port = Number(new URL(before.url).port);
    blocker = createServer();
    await new Promise<void>((resolve, reject) => blocker!.once("error", reject).listen(port, "127.0.0.1", resolve));
    const start = await project.run(
      `npx tsx -e 'require("./resources/provider-runtime/local-service").ensureLocalService(process.cwd(), ".foundry-local").then((s) => console.log(s.url))'`,
    );
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toContain(
      `port ${port} (kept in ${path.join(dataDir(), "port")}) is taken by another process`,
    );
    expect(start.stderr).toContain(`Stack outputs that name https://127.0.0.1:${port} stay stale`);
    const moved = start.stdout.trim();
    expect(moved).toBe(running().url);
    expect(moved).not.toBe(before.url);
    expect(keptPort()).toBe(new URL(moved).port); // the new port is the one kept from now on
  });
});
