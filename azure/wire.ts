// Moving out of api-versions.ts, which held every Azure fact (the next commit splits it by subject).
export { TRAINING_TYPE_WIRE, FINE_TUNED_MODEL_FORMAT, FINE_TUNED_MODEL_VERSION, UPLOAD_MIME_TYPE, UPLOAD_COMPLETE_PART_ID } from "./api-versions";
