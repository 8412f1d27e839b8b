// Moving out of api-versions.ts, which held every Azure fact (the next commit splits it by subject).
export { MAX_FINE_TUNED_DEPLOYMENTS, FILES_API_MAX_BYTES, FINE_TUNING_FILES_PER_RESOURCE, FINE_TUNING_FILE_BYTES_PER_RESOURCE, UPLOADS_API_MAX_BYTES, UPLOAD_PART_BYTES } from "./api-versions";
