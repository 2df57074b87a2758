import { control } from "@stoflow/db";
import { and, eq } from "drizzle-orm";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../auth/access-tokens.ts";
import { issueRefreshToken } from "../auth/refresh-tokens.ts";
import type { EngineContext } from "../context.ts";
import type { Role } from "../http/operation.ts";
import { problems } from "../http/problem.ts";

const { users, tenants, memberships } = control;

export interface Member {
  userId: string;
  tenantId: number;
  role: Role;
}

/** The user, tenant and role behind a membership; 401 when it no longer exists. */
export async function loadMembership(ctx: EngineContext, userId: string, tenantId: number) {
  const [row] = await ctx.database.db
    .select({ user: users, tenant: tenants, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)));
  if (!row) throw problems.unauthorized("This account no longer has access to this shop.");
  return {
    user: {
      id: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      locale: row.user.locale,
    },
    tenant: { id: row.tenant.id, name: row.tenant.name, locale: row.tenant.locale },
    role: row.role as Role,
  };
}

/** A fresh access token plus a refresh token opening a new family. */
export async function openSession(ctx: EngineContext, member: Member, userAgent?: string) {
  const profile = await loadMembership(ctx, member.userId, member.tenantId);
  const accessToken = await signAccessToken(ctx.keys.jwt, { ...member, role: profile.role });
  const refreshToken = await issueRefreshToken(ctx.database.db, member, undefined, userAgent);
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, ...profile };
}
