// The entry of `pulumi-resource-foundry` (the shell script beside it runs this file on the project's Node 24):
// the provider's gRPC server, on the address the engine gives as the last argument.
import "../startup/module-loading";
import * as provider from "@pulumi/pulumi/provider";
import { FoundryProvider } from "./foundry-provider";
import { captureProviderConfig } from "./provider-config";

captureProviderConfig();
void provider.main(new FoundryProvider(), process.argv.slice(2));
