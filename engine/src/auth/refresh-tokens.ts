import { randomUUID } from "node:crypto";
import { control, type Db } from "@stoflow/db";
import { and, eq, isNull } from "drizzle-orm";
import { problems } from "../http/problem.ts";
import { hashSecret, newSecret } from "./secrets.ts";

const { refreshTokens } = control;
export const REFRESH_TOKEN_TTL_DAYS = 30;

export interface RefreshTokenOwner {
  userId: string;
  tenantId: number;
}

export async function issueRefreshToken(
  db: Db,
  owner: RefreshTokenOwner,
  familyId: string = randomUUID(),
  userAgent?: string,
): Promise<string> {
  const secret = newSecret("sfr");
  await db.insert(refreshTokens).values({
    userId: owner.userId,
    tenantId: owner.tenantId,
    familyId,
    tokenHash: secret.hash,
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    userAgent: userAgent?.slice(0, 200),
  });
  return secret.value;
}

/**
 * Spends a refresh token and returns its owner with a new token of the same family.
 * A token presented twice means it leaked: the whole family is revoked.
 */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  userAgent?: string,
): Promise<RefreshTokenOwner & { refreshToken: string }> {
  const tokenHash = hashSecret(token);
  const [spent] = await db
    .update(refreshTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
      ),
    )
    .returning();
  if (!spent) {
    const [known] = await db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    if (known) {
      await revokeFamily(db, known.familyId);
      throw problems.unauthorized("This refresh token was already used; sign in again.");
    }
    throw problems.unauthorized("Unknown refresh token; sign in again.");
  }
  if (spent.expiresAt.getTime() < Date.now()) {
    throw problems.unauthorized("The session has expired; sign in again.");
  }
  const owner = { userId: spent.userId, tenantId: spent.tenantId };
  const refreshToken = await issueRefreshToken(db, owner, spent.familyId, userAgent);
  return { ...owner, refreshToken };
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Logout: revokes the session the token belongs to; unknown tokens are ignored. */
export async function revokeByToken(db: Db, token: string): Promise<void> {
  const [known] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashSecret(token)));
  if (known) await revokeFamily(db, known.familyId);
}
