// The five fault scenarios. Each run gets a fresh project, state backend and local service, drives the
// real CLI through a lifecycle with one kind of trouble, and records what a user would care about.
import { between, pick, seeded } from "./random";
import { RunRecorder, type RunResult } from "./run-result";
import { createSandbox, type Sandbox } from "./sandbox";
import {
  checkConverged,
  checkDestroyed,
  destroyUntilDone,
  editDataset,
  modelConfig,
  recoverAfterKill,
  StepError,
  upUntilDone,
} from "./steps";
import { waitForNoProcessesIn } from "./stray-processes";

interface ScenarioContext {
  run: number;
  seed: number;
  log: (message: string) => void;
}

export interface Scenario {
  id: string;
  title: string;
  /** Runs in the default campaign (multiplied by --runs). */
  defaultRuns: number;
  run(ctx: ScenarioContext): Promise<RunResult>;
}

/** Sandbox set-up and tear-down around a run, turning a failed step into a non-converged result. */
async function withSandbox(
  id: string,
  ctx: ScenarioContext,
  timeScale: number,
  body: (s: Sandbox, r: RunRecorder) => Promise<void>,
): Promise<RunResult> {
  const recorder = new RunRecorder(id, ctx.run);
  const sandbox = await createSandbox({ timeScale });
  try {
    await body(sandbox, recorder);
  } catch (error) {
    recorder.result.converged = false;
    delete recorder.result.secondsToConverge;
    recorder.note(`${(error as Error).message}${error instanceof StepError ? `\n${error.output}` : ""}`);
  } finally {
    await sandbox.cleanup().catch((error) => recorder.note(`cleanup: ${(error as Error).message}`));
  }
  return recorder.result;
}

/** Destroy, then nothing of ours may be left; a run converges only if this holds too. */
async function destroyAndCheck(sandbox: Sandbox, recorder: RunRecorder): Promise<boolean> {
  await destroyUntilDone(sandbox);
  const left = await checkDestroyed(sandbox);
  recorder.addViolations("after destroy", left);
  return left.orphanFiles.length === 0 && left.orphanDeployments.length === 0 && left.missingOnService.length === 0;
}

const faults: Scenario = {
  id: "a-faults",
  title: "20% 5xx, 10% 429 (Retry-After), 5% dropped connections on every route",
  defaultRuns: 2,
  run: (ctx) =>
    withSandbox("a-faults", ctx, 0.01, async (sandbox, recorder) => {
      sandbox.setModels({ clippy: modelConfig() });
      await sandbox.service.call("PUT", "/_emulator/faults", {
        seed: ctx.seed,
        rules: [{ dropRate: 0.05, rate429: 0.1, retryAfterSeconds: 1, rate5xx: 0.2 }],
      });
      const started = Date.now();
      const first = await upUntilDone(sandbox);
      let ok = recorder.addCheck("after up", await checkConverged(sandbox));
      editDataset(sandbox, `Edited ${ctx.run}`);
      const second = await upUntilDone(sandbox);
      const convergedAt = Date.now();
      ok = recorder.addCheck("after edit + up", await checkConverged(sandbox)) && ok;
      if (first.ups + second.ups > 2)
        recorder.note(
          `needed ${first.ups} + ${second.ups} ups: ${[...first.failures, ...second.failures].join(" || ")}`,
        );
      ok = (await destroyAndCheck(sandbox, recorder)) && ok;
      if (ok) recorder.converged(started, convergedAt);
    }),
};

/** Where in an up the CLI is killed: a pattern in its output, and an extra random pause. */
const KILL_POINTS = [
  { name: "during upload", pattern: /uploaded datasets\/\S+ as file-/, maxDelayMs: 0 },
  { name: "right after job submission", pattern: /submitted job ftjob-/, maxDelayMs: 0 },
  { name: "while waiting for training", pattern: /job ftjob-\S+ running/, maxDelayMs: 800 },
  { name: "during deployment", pattern: /ModelDeployment \S+ (creating|replacing|deleting)/, maxDelayMs: 600 },
] as const;

const killUp: Scenario = {
  id: "b-kill-up",
  title: "kill -9 of `pulumi up` (CLI, language host and providers) at a random moment, then recover and up",
  defaultRuns: 4,
  run: (ctx) =>
    withSandbox("b-kill-up", ctx, 0.3, async (sandbox, recorder) => {
      const random = seeded(ctx.seed);
      const point = KILL_POINTS[(ctx.run - 1) % KILL_POINTS.length]!;
      const replace = Math.floor((ctx.run - 1) / KILL_POINTS.length) % 2 === 1 || random() < 0.5;
      sandbox.setModels({
        clippy: modelConfig({ method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 1 } } }),
      });
      if (replace) {
        await upUntilDone(sandbox, 1);
        editDataset(sandbox, `Edited ${ctx.run}`);
      }
      const delay = between(random, 0, point.maxDelayMs);
      recorder.note(`killed ${point.name} of the ${replace ? "replacing" : "first"} up (+${delay} ms)`);
      const started = Date.now();
      let matchedAt = 0;
      const killed = await sandbox.pulumi(["up", "--yes", "--skip-preview"], {
        killWhen: (output) => {
          if (!matchedAt && point.pattern.test(output)) matchedAt = Date.now();
          return matchedAt > 0 && Date.now() - matchedAt >= delay;
        },
        killAfterMs: 120_000,
      });
      if (!killed.killed) recorder.note(`the up ended (${killed.code}) before the kill point`);
      await recoverAfterKill(sandbox);
      const convergedAt = Date.now();
      const ok = recorder.addCheck("after recovery", await checkConverged(sandbox));
      const destroyed = await destroyAndCheck(sandbox, recorder);
      // The killed CLI's providers must not live on (they exit once the engine's address refuses them).
      const strays = await waitForNoProcessesIn(sandbox.workDir, 15_000);
      if (strays.length > 0)
        recorder.note(
          `${strays.length} provider process(es) of the killed up still running: pids ${strays.join(", ")}`,
        );
      if (ok && destroyed && strays.length === 0) recorder.converged(started, convergedAt);
    }),
};

const killService: Scenario = {
  id: "c-kill-service",
  title: "kill -9 of the local service mid-job (or mid-deployment), restart on the same data dir, up again",
  defaultRuns: 2,
  run: (ctx) =>
    withSandbox("c-kill-service", ctx, 0.3, async (sandbox, recorder) => {
      const random = seeded(ctx.seed);
      const during = pick(random, [/job ftjob-\S+ running/, /ModelDeployment \S+ creating/]);
      const downMs = between(random, 200, 3000);
      recorder.note(`service killed at ${during.source}, down ${downMs} ms`);
      sandbox.setModels({
        clippy: modelConfig({ method: { type: "supervised", hyperparameters: { n_epochs: 1, batch_size: 1 } } }),
      });
      const started = Date.now();
      let killedService = false;
      const restarted: Promise<void>[] = [];
      const first = await sandbox.pulumi(["up", "--yes", "--skip-preview"], {
        killWhen: (output) => {
          if (!killedService && during.test(output)) {
            killedService = true;
            sandbox.service.kill9();
            restarted.push(new Promise((resolve) => setTimeout(resolve, downMs)).then(() => sandbox.service.restart()));
          }
          return false;
        },
      });
      await Promise.all(restarted);
      if (!killedService) recorder.note("the up ended before the kill point");
      if (sandbox.service.startedByProgram) recorder.note("the program had started the service again by itself");
      if (first.code !== 0) recorder.note("the interrupted up failed; a second up followed");
      if (first.code !== 0) await upUntilDone(sandbox);
      const convergedAt = Date.now();
      const ok = recorder.addCheck("after restart", await checkConverged(sandbox));
      const destroyed = await destroyAndCheck(sandbox, recorder);
      if (ok && destroyed) recorder.converged(started, convergedAt);
    }),
};

const fiveDeployments: Scenario = {
  id: "d-five-deployments",
  title: "five deployments on one account, all changing in one up (capacity in place, or all retrained)",
  defaultRuns: 2,
  run: (ctx) =>
    withSandbox("d-five-deployments", ctx, 0.01, async (sandbox, recorder) => {
      const names = ["m1", "m2", "m3", "m4", "m5"];
      const retrain = ctx.run % 2 === 0;
      recorder.note(retrain ? "all five retrained (seed change)" : "all five capacities changed");
      const models = (seed: number, capacity: number) =>
        Object.fromEntries(
          names.map((n) => [
            n,
            modelConfig({ seed, suffix: n, deployment: { name: `dep-${n}`, sku: "Standard", capacity } }, `dep-${n}`),
          ]),
        );
      sandbox.setModels(models(7, 1));
      await upUntilDone(sandbox, 1);
      sandbox.setModels(retrain ? models(8, 1) : models(7, 2));
      const started = Date.now();
      await upUntilDone(sandbox);
      const convergedAt = Date.now();
      const ok = recorder.addCheck("after the change", await checkConverged(sandbox));
      const destroyed = await destroyAndCheck(sandbox, recorder);
      if (ok && destroyed) recorder.converged(started, convergedAt);
    }),
};

const credentials: Scenario = {
  id: "e-credentials",
  title: "FOUNDRY_API_KEY unset or rotated between up and destroy",
  defaultRuns: 2,
  run: (ctx) =>
    withSandbox("e-credentials", ctx, 0.01, async (sandbox, recorder) => {
      const unset = ctx.run % 2 === 1;
      recorder.note(unset ? "key unset for the first destroy" : "key rotated for the first destroy");
      sandbox.setModels({ clippy: modelConfig() });
      await upUntilDone(sandbox, 1);
      const before = await checkConverged(sandbox);
      const wrongKey = `rotated-${ctx.seed}-${Date.now().toString(16)}`;
      const started = Date.now();
      const denied = await sandbox.pulumi(["destroy", "--yes", "--skip-preview"], {
        env: { FOUNDRY_API_KEY: unset ? undefined : wrongKey },
      });
      let ok = recorder.addCheck("before destroy", before);
      if (denied.code === 0) {
        recorder.note("destroy with the wrong key succeeded");
        ok = false;
      } else {
        const clear = /FOUNDRY_API_KEY/.test(denied.output) && !/\n\s+at .+\(.*:\d+:\d+\)/.test(denied.output);
        if (!clear) {
          recorder.note(
            `the failed destroy did not say clearly what to do:\n${denied.output.split("\n").slice(-15).join("\n")}`,
          );
          ok = false;
        }
        if (denied.output.includes(sandbox.apiKey) || denied.output.includes(wrongKey)) {
          recorder.note("a key appeared in the output");
          ok = false;
        }
      }
      // The failed destroy must not have lost or changed anything: the same check passes again.
      ok = recorder.addCheck("after the refused destroy", await checkConverged(sandbox)) && ok;
      await destroyUntilDone(sandbox);
      const convergedAt = Date.now();
      const left = await checkDestroyed(sandbox);
      recorder.addViolations("after destroy", left);
      const destroyed =
        left.orphanFiles.length === 0 && left.orphanDeployments.length === 0 && left.missingOnService.length === 0;
      if (ok && destroyed) recorder.converged(started, convergedAt);
    }),
};

export const SCENARIOS: Scenario[] = [faults, killUp, killService, fiveDeployments, credentials];
