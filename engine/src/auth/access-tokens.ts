import { errors, jwtVerify, SignJWT } from "jose";
import type { Auth, Role } from "../http/operation.ts";
import { problems } from "../http/problem.ts";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = "stoflow";
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function signAccessToken(
  key: Uint8Array,
  claims: { userId: string; tenantId: number; role: Role },
): Promise<string> {
  return new SignJWT({ tid: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key);
}

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<Auth> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ["HS256"] });
    const { sub, tid, role } = payload as { sub?: string; tid?: number; role?: Role };
    if (!sub || !USER_ID.test(sub) || typeof tid !== "number" || !role) {
      throw problems.unauthorized("Malformed token.");
    }
    return { kind: "user", userId: sub, tenantId: tid, role };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw problems.unauthorized("The access token has expired; refresh it.");
    }
    throw problems.unauthorized("The access token is not valid.");
  }
}
