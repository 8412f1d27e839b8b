// The training method and its hyperparameters, derived from the method catalogue (azure/methods.ts): a number
// within each one's bounds, or "auto" where allowed; an unknown key names the ones the method takes.
import { z } from "zod";
import {
  type HyperparameterName,
  type HyperparameterSpec,
  hyperparametersOf,
  METHOD_TYPES,
  type MethodType,
} from "../../azure/methods";

/** One hyperparameter's rule, from its catalogue entry: a number within the bounds, or "auto" where allowed. */
function hyperparameterSchema(spec: HyperparameterSpec): z.ZodType<number | "auto", number | "auto"> {
  let number = spec.type === "int" ? z.number().int() : z.number();
  number = spec.minExclusive ? number.gt(spec.min) : number.min(spec.min);
  // An undocumented upper bound is the local service's guess: Azure may allow more (azure/methods.ts).
  if (spec.maxDocumented) number = number.max(spec.max);
  return spec.auto ? z.union([z.literal("auto"), number]) : number;
}

/** A method's hyperparameters, each optional (absent = "auto"); an unknown key names the ones the method takes. */
function hyperparametersSchema<M extends MethodType>(method: M) {
  const specs = hyperparametersOf(method);
  const shape = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, hyperparameterSchema(spec).optional()]),
  );
  const known = Object.keys(specs).join(", ");
  return z.strictObject(
    shape as Record<HyperparameterName<M>, z.ZodOptional<z.ZodType<number | "auto", number | "auto">>>,
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `${method} takes no ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (it takes ${known})`
          : undefined,
    },
  );
}

/** Per method, the schema of its hyperparameters, derived from azure/methods.ts (a method missing here does not compile). */
export const HYPERPARAMETER_SCHEMAS = {
  supervised: hyperparametersSchema("supervised"),
  dpo: hyperparametersSchema("dpo"),
} satisfies Record<MethodType, z.ZodType>;

const methodOf = <M extends MethodType>(type: M) =>
  z.strictObject({ type: z.literal(type), hyperparameters: HYPERPARAMETER_SCHEMAS[type].default({}) });
export const method = z.discriminatedUnion("type", [methodOf("supervised"), methodOf("dpo")], {
  error: (issue) => (issue.code === "invalid_union" ? `must be one of ${METHOD_TYPES.join(", ")}` : undefined),
});
