import { control, type Db } from "@stoflow/db";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Request } from "express";
import type { Auth } from "../http/operation.ts";
import { problems } from "../http/problem.ts";
import { verifyAccessToken } from "./access-tokens.ts";
import { hashSecret } from "./secrets.ts";

export const API_KEY_PREFIX = "sfk";
const { apiKeys } = control;

async function authenticateApiKey(db: Db, key: string): Promise<Auth> {
  const [found] = await db
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashSecret(key)), isNull(apiKeys.revokedAt)));
  if (!found) throw problems.unauthorized("The API key is not valid or was revoked.");
  // Written at most once a minute, not on every request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiKeys.id, found.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(Date.now() - 60_000))),
      ),
    );
  return { kind: "api_key", apiKeyId: found.id, tenantId: found.tenantId, role: "admin" };
}

/** `Authorization: Bearer <access token | API key>`; anything else is a 401. */
export async function authenticate(req: Request, db: Db, jwtKey: Uint8Array): Promise<Auth> {
  const header = req.get("authorization");
  const match = header?.match(/^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/);
  if (!match?.[1]) throw problems.unauthorized();
  const token = match[1];
  return token.startsWith(`${API_KEY_PREFIX}_`)
    ? authenticateApiKey(db, token)
    : verifyAccessToken(jwtKey, token);
}
