// A managed-identity token endpoint in the App Service form (api-version 2019-08-01: GET ?resource=, the secret in
// the X-IDENTITY-HEADER header), so a real @azure/identity ManagedIdentityCredential signs in to the local service
// with IDENTITY_ENDPOINT=<url>/_emulator/identity/token and IDENTITY_HEADER=<key>. The pipeline checks the header.
import type { FastifyInstance } from "fastify";
import { issueToken } from "../domain/issued-tokens";
import { ServiceError } from "../http/errors";

export const IDENTITY_ROUTE = "/_emulator/identity/token";

export function identityRoutes(app: FastifyInstance, apiKey: string): void {
  app.get(IDENTITY_ROUTE, async (req) => {
    const { resource } = req.query as { resource?: string };
    if (!resource) throw new ServiceError(400, "BadRequest", "resource is required (the audience of the token).");
    const { token, claims } = issueToken(apiKey, resource, Date.now());
    return { access_token: token, expires_on: String(claims.exp), resource, token_type: "Bearer" };
  });
}
