// The preflight of every preview and up: before any resource is declared (so before any upload), read what the
// account offers and refuse a plan it cannot carry, with the figures. Read-only, and cheap when nothing changed:
// a passing result is kept in .cache/preflight/ for a short time, keyed by the plan, the account and the caller,
// so an unchanged preview loads no SDK and calls nothing.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  type CheckRow,
  failed,
  formatRows,
  type PlannedUpload,
  type PreflightPlan,
  warned,
} from "../../foundry/preflight-checks";
import type { Retirement } from "../../resources/fine-tuning-job/contract";
import type { StackConfig } from "../config";
import { preflightCacheKey, preflightPlan } from "./plan";

export class PreflightError extends Error {}

/** How long a passing preflight is trusted (FOUNDRY_PREFLIGHT_TTL_SECONDS; 0 = check every time). */
const DEFAULT_TTL_SECONDS = 600;

// The SDKs take about a second to load; a cached pass never needs them. (require, as in providers/connection.ts.)
const loadRunner = (): typeof import("./run") => require("./run");

/** Per trained model, its base model's retirement dates (the account's model list); exported with the model. */
export type Retirements = Record<string, Retirement>;

export async function runPreflight(
  projectDir: string,
  config: StackConfig,
  env: Record<string, string | undefined> = process.env,
  uploads: PlannedUpload[] = [],
): Promise<Retirements> {
  if (env.FOUNDRY_PREFLIGHT === "off") {
    pulumi.log.warn(
      "preflight skipped (FOUNDRY_PREFLIGHT=off): the account's models, room, capacity and roles are not checked",
    );
    return {};
  }
  const plan = preflightPlan(config, uploads);
  if (plan.trainings.length === 0 && plan.deployments.length === 0) return {};
  const ttl = Number(env.FOUNDRY_PREFLIGHT_TTL_SECONDS ?? DEFAULT_TTL_SECONDS);
  const cacheFile = path.join(projectDir, ".cache", "preflight", `${preflightCacheKey(config, plan, env)}.json`);
  const cached = ttl > 0 ? passedRecently(cacheFile, ttl) : undefined;
  if (cached) return cached;

  // The reads never throw; reaching the service can (the local service refusing the key, a bad target).
  const { rows, retirements } = await loadRunner()
    .readAndCheck(projectDir, config, plan)
    .catch((error: Error) => {
      throw new PreflightError(`preflight could not reach account ${plan.account}: ${error.message}`);
    });
  report(plan, rows);
  if (ttl > 0 && failed(rows).length === 0 && warned(rows).length === 0) {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ at: Date.now(), rows, retirements }));
  }
  return retirements;
}

/** The retirement dates of a passing preflight still trusted, or undefined. */
function passedRecently(file: string, ttlSeconds: number): Retirements | undefined {
  try {
    const { at, retirements } = JSON.parse(readFileSync(file, "utf8")) as { at: number; retirements?: Retirements };
    return Date.now() - at < ttlSeconds * 1000 ? (retirements ?? {}) : undefined;
  } catch {
    return undefined;
  }
}

function report(plan: PreflightPlan, rows: CheckRow[]): void {
  const failures = failed(rows);
  for (const w of warned(rows)) pulumi.log.warn(`preflight: ${w.check}: ${w.detail} (${w.evidence})`);
  if (failures.length > 0) {
    throw new PreflightError(
      `preflight failed on account ${plan.account}, nothing was uploaded, trained or deployed:\n${formatRows(failures)}`,
    );
  }
  pulumi.log.info(`preflight on account ${plan.account}:\n${formatRows(rows)}`);
}
