// The account: its name, subscription and resource group, its endpoint (an account's, or a Foundry project's,
// which names the project too) and the project.
import { z } from "zod";
import { PROJECT_NAME, PROJECT_NAME_RULE } from "../../azure/endpoints";
import { type SplitEndpoint, splitEndpoint } from "../../foundry/project-endpoint";

export const account = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{1,62}$/, "must be 2-63 letters, digits or '-'"),
    /** Required for target azure; the local service takes any (defaults below). */
    subscriptionId: z.string().min(1).optional(),
    resourceGroup: z.string().min(1).optional(),
    /**
     * Azure data-plane endpoint (default https://<name>.openai.azure.com), or a Foundry project endpoint
     * (https://<name>.services.ai.azure.com/api/projects/<project>), which names the project too. The local
     * target uses only the project of it.
     */
    endpoint: z
      .string()
      .transform((value, ctx): SplitEndpoint => {
        const split = splitEndpoint(value);
        if (!("problem" in split)) return split;
        ctx.addIssue({ code: "custom", message: split.problem, input: value });
        return z.NEVER;
      })
      .optional(),
    /** A Foundry project of the account: files and jobs go through its endpoint; deployments stay on the account. */
    project: z.string().regex(PROJECT_NAME, `must be ${PROJECT_NAME_RULE}`).optional(),
  })
  .strict();

/** The account as the program uses it: a subscription and resource group always, the endpoint without a project's path. */
export type AccountConfig = Omit<z.infer<typeof account>, "subscriptionId" | "resourceGroup" | "endpoint"> & {
  subscriptionId: string;
  resourceGroup: string;
  endpoint?: string;
};

/** The account as the program uses it: `endpoint` without a project's path, `project` from either key. */
export function normaliseAccount(
  parsed: z.infer<typeof account>,
): Omit<AccountConfig, "subscriptionId" | "resourceGroup"> {
  const { endpoint, ...rest } = parsed;
  const project = parsed.project ?? endpoint?.project;
  return {
    ...rest,
    ...(endpoint ? { endpoint: endpoint.endpoint } : {}),
    ...(project !== undefined ? { project } : {}),
  };
}
