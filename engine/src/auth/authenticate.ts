import { control, type Db } from "@stoflow/db";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Request } from "express";
import type { Auth, Role } from "../http/operation.ts";
import { problems } from "../http/problem.ts";
import { assertFeature } from "../plans/limits.ts";
import { verifyAccessToken } from "./access-tokens.ts";
import { hashSecret } from "./secrets.ts";

export const API_KEY_PREFIX = "sfk";
const { apiKeys, memberships, plans, subscriptions } = control;

async function authenticateApiKey(db: Db, key: string): Promise<Auth> {
  const [found] = await db
    .select({
      id: apiKeys.id,
      tenantId: apiKeys.tenantId,
      apiAccess: sql<boolean>`coalesce(${plans.apiAccess}, false)`,
    })
    .from(apiKeys)
    .leftJoin(subscriptions, eq(subscriptions.tenantId, apiKeys.tenantId))
    .leftJoin(plans, eq(plans.code, subscriptions.planCode))
    .where(and(eq(apiKeys.keyHash, hashSecret(key)), isNull(apiKeys.revokedAt)));
  if (!found) throw problems.unauthorized("The API key is not valid or was revoked.");
  // A shop that moved to a plan without API access keeps its keys, but they stop working.
  if (!found.apiAccess) await assertFeature(db, found.tenantId, "apiAccess", "API access");
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

export const NOT_A_MEMBER = "This account no longer has access to this shop.";

/**
 * The token proves who signed in; the membership row says what they may do now. Reading it
 * on every request makes a removed member, a changed role or a deleted shop count at once
 * instead of when the access token expires.
 */
async function withMembership(db: Db, claims: Auth & { kind: "user" }): Promise<Auth> {
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, claims.userId), eq(memberships.tenantId, claims.tenantId)));
  if (!membership) throw problems.unauthorized(NOT_A_MEMBER);
  return { ...claims, role: membership.role as Role };
}

/** Reads the bearer token; the membership of a signed-in user now or left to the caller. */
async function identify(
  req: Request,
  db: Db,
  jwtKey: Uint8Array,
  membership: "now" | "deferred",
): Promise<{ claimed: Auth; member?: string }> {
  const header = req.get("authorization");
  const match = header?.match(/^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/);
  if (!match?.[1]) throw problems.unauthorized();
  const token = match[1];
  if (token.startsWith(`${API_KEY_PREFIX}_`))
    return { claimed: await authenticateApiKey(db, token) };
  const claims = verifyAccessToken(jwtKey, token);
  if (claims.kind !== "user") return { claimed: claims };
  return membership === "deferred"
    ? { claimed: claims, member: claims.userId }
    : { claimed: await withMembership(db, claims) };
}

/** `Authorization: Bearer <access token | API key>`; anything else is a 401. */
export async function authenticate(req: Request, db: Db, jwtKey: Uint8Array): Promise<Auth> {
  return (await identify(req, db, jwtKey, "now")).claimed;
}

/**
 * What `authenticate()` does, minus the membership read for a signed-in user: that one is left
 * to the caller's tenant transaction, whose first statement checks it (`withTenant()` with
 * `{ member }`) and reads the role. `member` is set exactly when the membership is still to
 * check, and until then the role in `claimed` is the token's, not to be trusted. API keys are
 * checked in full here.
 */
export function authenticateClaim(
  req: Request,
  db: Db,
  jwtKey: Uint8Array,
): Promise<{ claimed: Auth; member?: string }> {
  return identify(req, db, jwtKey, "deferred");
}
