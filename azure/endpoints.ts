// Moving out of api-versions.ts, which held every Azure fact (the next commit splits it by subject).
export { AZURE_ARM_ENDPOINT, DATA_PLANE_SCOPE, PROJECT_DATA_PLANE_SCOPE, PROJECT_PATH_PREFIX, PROJECT_NAME, PROJECT_NAME_RULE, ARM_SCOPE, DATA_PLANE_PATH, DATA_PLANE_V1_PATH, defaultAzureEndpoint } from "./api-versions";
