// The gRPC library of the program's @pulumi/pulumi, which is a peer dependency: the SDK's generated clients and
// servers check classes with instanceof, so a copy of our own (a dependency at another version) would be refused.
import path from "node:path";

export function pulumisGrpc(): typeof import("@grpc/grpc-js") {
  return require(
    require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }),
  );
}
