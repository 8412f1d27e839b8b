// Opens the HTTPS listener for a built app.
import * as https from "node:https";
import type { FastifyInstance, FastifyServerFactory } from "fastify";

/** A Fastify server factory that serves TLS with the given certificate. */
export function httpsServerFactory(tls: { key: string; cert: string }): FastifyServerFactory {
  return (handler) => https.createServer({ key: tls.key, cert: tls.cert, keepAlive: true }, handler);
}

export async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("the server has no TCP address");
  return address.port;
}
