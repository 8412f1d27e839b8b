// Writes schema.json from schema.ts: `npx tsx provider-plugin/write-schema.ts` (a test fails when it is stale).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { schemaJson } from "./schema";

writeFileSync(path.join(__dirname, "schema.json"), schemaJson());
