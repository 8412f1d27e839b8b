// What one key alone cannot say: rules across keys and models, checked once every entry parses. A project named
// twice, Azure's required keys, continued models, tiers and skus per base model, provisioned throughput,
// deployment names used twice, and a best checkpoint by a validation metric without validation data.
import type { z } from "zod";
import { modelTiers } from "../../azure/model-tiers";
import type { SplitEndpoint } from "../../foundry/project-endpoint";
import { isProvisionedSku, provisionedProblem } from "../provisioned-throughput";
import { rootBaseModel } from "../root-base-model";
import type { TrainedModelConfig } from "./models";
import type { StackConfig } from "./top-level";

export function crossChecks(
  config: StackConfig,
  raw: {
    target: string;
    account: { subscriptionId?: string; resourceGroup?: string; endpoint?: SplitEndpoint; project?: string };
  },
): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const add = (path: (string | number)[], message: string) =>
    issues.push({ code: "custom", path, message, input: undefined } as z.core.$ZodIssue);
  const endpointProject = raw.account.endpoint?.project;
  if (endpointProject !== undefined && raw.account.project !== undefined && endpointProject !== raw.account.project) {
    add(
      ["account", "project"],
      `is "${raw.account.project}" but the endpoint names project "${endpointProject}"; give one of them, or the same name`,
    );
  }
  // On Azure a missing subscription or resource group would fail only at the deployment, after training was paid.
  for (const key of ["subscriptionId", "resourceGroup"] as const) {
    if (raw.target === "azure" && !raw.account[key]) add(["account", key], "required when target is azure");
  }
  for (const [name, model] of Object.entries(config.models)) {
    if (typeof model.baseModel === "object" && !(model.baseModel.from in config.models)) {
      add(
        ["models", name, "baseModel", "from"],
        `names no model this stack trains (have: ${Object.keys(config.models).join(", ") || "none"})`,
      );
    }
    // What Azure would refuse only once the files are uploaded (training tier) or the job has run (sku).
    const root = rootBaseModel(config.models, name);
    const tiers = root ? modelTiers(root) : undefined;
    if (!tiers) continue;
    if (!tiers.training.includes(model.trainingType)) {
      add(
        ["models", name, "trainingType"],
        `${root} does not train on ${model.trainingType} (it offers ${tiers.training.join(", ")})`,
      );
    }
    // Provisioned skus have a table of their own, with sizes (provisioned-throughput.ts, checked below).
    if (model.deployment && !isProvisionedSku(model.deployment.sku) && !tiers.skus.includes(model.deployment.sku)) {
      add(
        ["models", name, "deployment", "sku"],
        `fine-tuned ${root} models do not deploy as ${model.deployment.sku} (they offer ${tiers.skus.join(", ")})`,
      );
    }
  }
  issues.push(...provisionedIssues(config.models));
  const names = [...Object.values(config.models), ...Object.values(config.promotions)].flatMap((m) =>
    m.deployment ? [m.deployment.name] : [],
  );
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) add(["models"], `deployment name "${duplicate}" is used twice`);
  for (const issue of bestCheckpointIssues(config.models)) add(issue.path, issue.message);
  return issues;
}

// --- Provisioned throughput (PTU) -------------------------------------------------------------------------
// A trained model's PTU sku and capacity are checked against its root base model here; a promoted model's base
// is known only from the source stack, so program/promotion.ts checks it. Facts: provisioned-throughput.ts.
function provisionedIssues(models: Record<string, TrainedModelConfig>): z.core.$ZodIssue[] {
  return Object.entries(models).flatMap(([name, model]) => {
    const root = model.deployment ? rootBaseModel(models, name) : undefined;
    const problem =
      root && model.deployment ? provisionedProblem(model.deployment.sku, model.deployment.capacity, root) : undefined;
    return problem
      ? [
          {
            code: "custom",
            path: ["models", name, "deployment", "sku"],
            message: problem,
            input: undefined,
          } as z.core.$ZodIssue,
        ]
      : [];
  });
}
// --- end of provisioned throughput ------------------------------------------------------------------------

/** `best` by a validation metric needs a validation file: without one no checkpoint reports it. */
function bestCheckpointIssues(models: Record<string, TrainedModelConfig>): { path: string[]; message: string }[] {
  return Object.entries(models).flatMap(([name, model]) => {
    const selector = model.deployment?.checkpoint;
    const metric =
      selector === "best"
        ? "full_valid_loss"
        : typeof selector === "object" && "best" in selector
          ? selector.best
          : undefined;
    if (!metric?.includes("valid") || model.validationFile) return [];
    return [
      {
        path: ["models", name, "deployment", "checkpoint"],
        message: `best by ${metric} needs a validationFile: without one no checkpoint reports ${metric}`,
      },
    ];
  });
}
