// Bearer tokens the local service issues to a managed-identity credential (routes/identity.ts): JWT-shaped,
// signed with an HMAC of the service's key, each carrying the audience it was asked for, so a route can refuse a
// token meant for another API as Entra-protected Azure APIs do. The key itself stays a valid bearer token too.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ARM_SCOPE, DATA_PLANE_SCOPE, PROJECT_DATA_PLANE_SCOPE } from "../azure-facts";

export interface TokenClaims {
  aud: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const HEADER = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
const sign = (key: string, body: string) => createHmac("sha256", key).update(body).digest();

/** An audience as a scope or resource names it: `https://ai.azure.com/.default` and `https://ai.azure.com/` are `https://ai.azure.com`. */
export function audienceOf(resource: string): string {
  return resource.replace(/\/\.default$/, "").replace(/\/+$/, "");
}

export function issueToken(
  key: string,
  resource: string,
  nowMs: number,
  ttlSeconds = 3600,
): { token: string; claims: TokenClaims } {
  const claims = { aud: audienceOf(resource), exp: Math.floor(nowMs / 1000) + ttlSeconds };
  const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
  return { token: `${body}.${b64(sign(key, body))}`, claims };
}

/** The claims of a token this service issued with this key and that has not expired; undefined for anything else. */
export function verifyToken(key: string, token: string, nowMs: number): TokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const given = Buffer.from(parts[2]!, "base64url");
  const expected = sign(key, `${parts[0]}.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as TokenClaims;
    return typeof claims.aud === "string" && typeof claims.exp === "number" && claims.exp * 1000 > nowMs
      ? claims
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The audience a route takes an issued token for: ARM's, a project's (`/api/projects/` in the path), or an
 * account's data plane; none for the test controls (the key only). GUESS (strict side): each surface takes
 * the audience the SDKs ask for there and no other, though Azure may accept more than one.
 */
export function audienceFor(path: string): string | undefined {
  if (path.startsWith("/_emulator/")) return undefined;
  if (path.startsWith("/subscriptions/")) return audienceOf(ARM_SCOPE);
  return audienceOf(/\/api\/projects\/[^/]+\/openai(\/|$)/.test(path) ? PROJECT_DATA_PLANE_SCOPE : DATA_PLANE_SCOPE);
}
