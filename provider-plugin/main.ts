// The entry of `pulumi-resource-foundry` (the shell script beside it runs this file on the project's Node 24):
// the provider's gRPC server, on the address the engine gives as the last argument. It loads only the SDK's
// provider server and the schema; the rest loads on the first resource call (lazy-provider.ts says why).
import "../startup/module-loading";
import * as provider from "@pulumi/pulumi/provider";
import { skipFormattingPromiseTrackingTraces } from "../startup/promise-stack-traces";
import { LazyFoundryProvider } from "./lazy-provider";
import { captureProviderConfig } from "./provider-config";

captureProviderConfig();
const serving = provider.main(new LazyFoundryProvider(), process.argv.slice(2));
// main() has installed the SDK's source-map hook by now (synchronously); construct registers resources as a
// program does, so its promise-tracking traces are left unformatted as the program's are (index.ts).
skipFormattingPromiseTrackingTraces();
void serving;
