// Stack-level rules (pure): what a stack may hold at all.

export interface StackRoleSettings {
  /** False for a promote-only stack (prod): it deploys what another stack trained and trains nothing itself. */
  train: boolean;
}
export const STACK_ROLE_DEFAULTS: StackRoleSettings = { train: true };
export const stackRoleSchema = { train: { type: "boolean" } };

export interface TrainingResource {
  kind: "FineTuningJob" | "TrainingFile";
  name: string;
}

export function checkStackRole(stack: string, training: TrainingResource[], s: StackRoleSettings): string[] {
  if (s.train || training.length === 0) return [];
  const list = training
    .map((r) => `${r.kind} ${r.name}`)
    .sort()
    .join(", ");
  return [`stack ${stack} is promote-only (trains nothing; use promoteFrom), but declares ${list}`];
}
