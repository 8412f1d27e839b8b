// Pure: may the identity do what the plan needs? Its access to the data plane (the account's or a project's) and
// the control plane, and its roles' actions and data actions, matched as Azure matches them.
import {
  CONTROL_PLANE_READ_ROLES,
  DATA_PLANE_ROLES,
  DEPLOYMENT_ROLES,
  DEPLOYMENT_WRITE_ACTION,
  PROJECT_DATA_PLANE_ROLES,
  TRAINING_DATA_ACTIONS,
} from "./preflight-facts";
import { type CheckRow, cannot, type PreflightPlan } from "./preflight-plan";
import type { PermissionFact, PreflightReads, Read } from "./preflight-read";

export function identityRows(plan: PreflightPlan, reads: PreflightReads): CheckRow[] {
  const rows: CheckRow[] = [];
  const trains = plan.trainings.length > 0;
  const deploys = plan.deployments.length > 0;
  const data = reads.dataPlane;
  // Through a project, data actions are granted on the project; deployments stay the account's either way.
  const dataScope = reads.project
    ? `project ${reads.project.name} of account ${plan.account}`
    : `account ${plan.account}`;
  const dataRoles = reads.project ? PROJECT_DATA_PLANE_ROLES : DATA_PLANE_ROLES;
  // A project the account does not have answers 404 on its data plane (and its ARM scope): stop before uploading.
  const notFound = (r: Read<unknown>): r is Read<unknown> & { ok: false } => !r.ok && r.kind === "missing";
  const projectMissing = reads.project ? [data, reads.project.permissions].find(notFound) : undefined;
  if (reads.project && projectMissing) {
    rows.push({
      check: "identity: data plane",
      result: "fail",
      detail: `project ${reads.project.name} is not a project of account ${plan.account} (${projectMissing.code ?? projectMissing.status}: ${projectMissing.message}); create it, or name one that exists`,
      evidence: projectMissing.evidence,
    });
  } else if (trains) {
    if (data.ok)
      rows.push({
        check: "identity: data plane",
        result: "pass",
        detail: "files and jobs can be read",
        evidence: data.evidence,
      });
    else if (data.kind === "denied")
      rows.push({
        check: "identity: data plane",
        result: "fail",
        detail: `the identity may not use ${reads.project ? `project ${reads.project.name}'s` : "the account's"} data plane (${data.code ?? data.status}: ${data.message}); it needs ${dataRoles} on ${dataScope}`,
        evidence: data.evidence,
      });
    else rows.push(cannot("identity: data plane", data, "data-plane access"));
  }
  const list = reads.deployments;
  if (list.ok)
    rows.push({
      check: "identity: control plane",
      result: "pass",
      detail: "deployments can be read",
      evidence: list.evidence,
    });
  else if (list.kind === "denied")
    rows.push({
      check: "identity: control plane",
      result: "fail",
      detail: `the identity may not read account ${plan.account} on the control plane (${list.code ?? list.status}: ${list.message}); it needs ${CONTROL_PLANE_READ_ROLES}${deploys ? `, and ${DEPLOYMENT_ROLES} to deploy` : ""}`,
      evidence: list.evidence,
    });
  else rows.push(cannot("identity: control plane", list, "control-plane access"));

  const perms = reads.permissions;
  if (!perms.ok) {
    if (deploys || (trains && reads.dataPlaneAuth === "bearer"))
      rows.push(cannot("identity: roles", perms, "the identity's roles"));
    return rows;
  }
  const missing: string[] = [];
  if (deploys && !allows(perms.value, "action", DEPLOYMENT_WRITE_ACTION))
    missing.push(`${DEPLOYMENT_WRITE_ACTION} (${DEPLOYMENT_ROLES})`);
  // A key grants every data action; only a token's roles can lack them.
  const checksData = trains && reads.dataPlaneAuth === "bearer";
  const dataPerms = reads.project ? reads.project.permissions : perms;
  if (checksData && !dataPerms.ok) {
    rows.push(cannot("identity: roles", dataPerms, `the identity's roles on ${dataScope}`));
    return rows;
  }
  if (checksData && dataPerms.ok) {
    for (const action of TRAINING_DATA_ACTIONS)
      if (!allows(dataPerms.value, "dataAction", action))
        missing.push(`${action}${reads.project ? ` on ${dataScope}` : ""} (${dataRoles})`);
  }
  const evidence =
    reads.project && checksData ? `${perms.evidence}; ${reads.project.permissions.evidence}` : perms.evidence;
  rows.push(
    missing.length > 0
      ? {
          check: "identity: roles",
          result: "fail",
          detail: `the identity's roles on account ${plan.account} do not allow ${missing.join("; ")}`,
          evidence,
        }
      : {
          check: "identity: roles",
          result: "pass",
          detail:
            [
              deploys ? "may write deployments" : "",
              checksData ? `may upload and train${reads.project ? ` through project ${reads.project.name}` : ""}` : "",
            ]
              .filter(Boolean)
              .join(", ") || "nothing to write",
          evidence,
        },
  );
  return rows;
}

/** Azure's wildcard match on action names (case-insensitive, `*` = anything). */
export function actionMatches(pattern: string, name: string): boolean {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  ).test(name);
}

function allows(perms: PermissionFact[], kind: "action" | "dataAction", name: string): boolean {
  return perms.some((p) => {
    const [allow, deny] = kind === "action" ? [p.actions, p.notActions] : [p.dataActions, p.notDataActions];
    return allow.some((a) => actionMatches(a, name)) && !deny.some((d) => actionMatches(d, name));
  });
}
