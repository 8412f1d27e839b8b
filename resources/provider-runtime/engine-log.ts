// Dynamic providers have no logging API, but they run beside the engine, whose gRPC address is the
// provider process's first argument. Messages sent here appear in the CLI output under the resource.
import { pulumisGrpc } from "./pulumi-grpc";

type Severity = "debug" | "info" | "warning" | "error";

let client: { log(request: unknown, callback: (error: Error | null) => void): void } | undefined | null;

function engineClient() {
  if (client !== undefined) return client;
  const address = process.argv[2];
  if (!address || !/^[\w.-]+:\d+$/.test(address)) return (client = null);
  const services = require("@pulumi/pulumi/proto/engine_grpc_pb");
  client = new services.EngineClient(address, pulumisGrpc().credentials.createInsecure());
  return client;
}

/** Sends one message to the Pulumi log; never throws (logging must not fail an operation). */
export function engineLog(severity: Severity, message: string, urn?: string): Promise<void> {
  const engine = engineClient();
  if (!engine) return Promise.resolve();
  const engineProto = require("@pulumi/pulumi/proto/engine_pb");
  const request = new engineProto.LogRequest();
  request.setSeverity({ debug: 0, info: 1, warning: 2, error: 3 }[severity]);
  request.setMessage(message);
  if (urn) request.setUrn(urn);
  return new Promise((resolve) => engine.log(request, () => resolve()));
}
