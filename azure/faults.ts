// Moving out of api-versions.ts, which held every Azure fact (the next commit splits it by subject).
export { CAPACITY_SHORTFALL, DEPLOYMENT_WARMUP_TIMEOUT_MS, ARM_CONFLICT_CODES } from "./api-versions";
