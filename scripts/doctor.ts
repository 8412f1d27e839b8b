// npm run doctor -- --stack <stack> [--probe-job] [--idle-days N] [--cwd <project dir>] [--json]
// Runs the preflight checks and the wire facts the program relies on against the stack's real account, lists the
// fine-tuned deployments that bill hosting while no stack declares them or nothing calls them, and prints
// a table (check, result, evidence). Read-only and free by default; --probe-job also uploads a 10-line file and
// creates two jobs it cancels at once, to confirm what no spec settles for this account and region. Exits 1 when a
// check fails.
import path from "node:path";
import { parseArgs } from "node:util";
import { modelTiers } from "../azure/model-tiers";
import { connect } from "../foundry";
import { runChecks, sourceIds } from "../foundry/preflight-checks";
import { PreflightReader, type PreflightReads } from "../foundry/preflight-read";
import { type FoundryTarget, resolveTarget } from "../foundry/target";
import { preflightPlan } from "../program/preflight/plan";
import { preflightTarget } from "../program/preflight/target";
import { type HostingInput, hostingRows } from "./doctor/hosting";
import { probeJobs } from "./doctor/probe";
import { declaredOnAccount, readStackFile } from "./doctor/stack-config";
import { type DoctorRow, formatTable } from "./doctor/table";

export async function runDoctor(options: {
  projectDir: string;
  stack: string;
  probeJob: boolean;
  idleDays?: number;
}): Promise<DoctorRow[]> {
  const config = readStackFile(options.projectDir, options.stack);
  const plan = preflightPlan(config);
  const { target, apiKey } = await preflightTarget(options.projectDir, config);
  const reads = await new PreflightReader(target, apiKey ? { apiKey } : {}).readAll(sourceIds(plan));
  const rows: DoctorRow[] = [...wireRows(target, reads), ...runChecks(plan, reads, modelTiers)];
  if (reads.deployments.ok) {
    const declared = declaredOnAccount(options.projectDir, config);
    rows.push(
      ...hostingRows({
        deployments: reads.deployments.value,
        deploymentsEvidence: reads.deployments.evidence,
        declared: declared.names,
        stacks: declared.stacks,
        usage: await readUsage(target, apiKey),
        idleDays: options.idleDays ?? 7,
        nowMs: Date.now(),
        ...(config.prices ? { prices: config.prices } : {}),
      }),
    );
  }
  const training = plan.trainings[0];
  if (!options.probeJob) {
    rows.push({
      check: "probe: job metadata kept, hyperparameter form honoured",
      result: "skip",
      detail: "not probed (--probe-job creates two jobs and cancels them at once)",
      evidence: "-",
    });
  } else if (!training) {
    rows.push({
      check: "probe",
      result: "skip",
      detail: "the stack trains nothing: no base model to probe with",
      evidence: "-",
    });
  } else {
    const { data } = connect(target, apiKey ? { apiKey } : {});
    rows.push(...(await probeJobs(data, training.baseModel, training.trainingType)));
  }
  return rows;
}

/** When each deployment last answered: the local service tells; Azure keeps it in Azure Monitor metrics, not read here. */
async function readUsage(target: FoundryTarget, apiKey: string | undefined): Promise<HostingInput["usage"]> {
  if (target.kind !== "local" || !target.armEndpoint || !apiKey) {
    return {
      ok: false,
      why: "Azure reports a deployment's traffic only in Azure Monitor metrics, which this tool does not read",
    };
  }
  const route = `/_emulator/accounts/${encodeURIComponent(target.accountName)}/deployments/usage`;
  try {
    const response = await fetch(`${target.armEndpoint}${route}`, {
      headers: { "api-key": apiKey },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) return { ok: false, why: `the local service answered ${response.status} to GET ${route}` };
    const body = (await response.json()) as { deployments: { name: string; lastUsedAt: string }[] };
    return { ok: true, value: body.deployments, evidence: `GET ${route}: 200` };
  } catch (error) {
    return { ok: false, why: `GET ${route} failed: ${(error as Error).message}` };
  }
}

/** The facts the program's calls rest on: the api-versions it sends and the account it names. */
function wireRows(target: FoundryTarget, reads: PreflightReads): DoctorRow[] {
  const t = resolveTarget(target);
  const row = (
    check: string,
    read: PreflightReads["location"] | PreflightReads["deployments"] | PreflightReads["dataPlane"],
    detail: string,
  ): DoctorRow =>
    read.ok
      ? { check, result: "pass", detail, evidence: read.evidence }
      : {
          check,
          result: read.kind === "denied" ? "fail" : "warn",
          detail: `${read.kind}: ${read.message}`,
          evidence: read.evidence,
        };
  return [
    row("wire: account", reads.location, reads.location.ok ? `${t.accountName} in ${reads.location.value}` : ""),
    row(`wire: ARM api-version ${t.armApiVersion}`, reads.deployments, "accepted (deployments listed)"),
    row(
      `wire: data plane ${t.dataPlaneForm}${t.dataPlaneForm === "dated" ? ` api-version ${t.apiVersion}` : ""}`,
      reads.dataPlane,
      `accepted (jobs listed), ${reads.dataPlaneAuth === "api-key" ? "an API key" : "an Entra token"}`,
    ),
    reads.models.ok
      ? {
          check: "wire: account model list",
          result: "info",
          detail: `${reads.models.value.filter((m) => m.capabilities.fineTune === "true").length} of ${reads.models.value.length} models can be fine-tuned`,
          evidence: reads.models.evidence,
        }
      : {
          check: "wire: account model list",
          result: "warn",
          detail: `${reads.models.kind}: ${reads.models.message}`,
          evidence: reads.models.evidence,
        },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      "probe-job": { type: "boolean", default: false },
      cwd: { type: "string" },
      json: { type: "boolean", default: false },
      "idle-days": { type: "string", default: "7" },
    },
  });
  const idleDays = Number(values["idle-days"]);
  if (!values.stack || !(idleDays > 0))
    throw new Error(
      "usage: npm run doctor -- --stack <stack> [--probe-job] [--idle-days N] [--cwd <project dir>] [--json]",
    );
  const rows = await runDoctor({
    projectDir: path.resolve(values.cwd ?? path.join(__dirname, "..")),
    stack: values.stack,
    probeJob: values["probe-job"],
    idleDays,
  });
  process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows)}\n`);
  if (rows.some((r) => r.result === "fail")) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`doctor: ${error.message}\n`);
    process.exit(2);
  });
}
