// The app acts for its shop through the ordinary API: it trades the shop it authenticated
// for a short-lived access token of the shop's owner account, the same token a signed-in
// seller holds, so every tenant rule (withTenant, roles, plan limits) applies unchanged.
import { control } from "@stoflow/db";
import { and, eq } from "drizzle-orm";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../auth/access-tokens.ts";
import type { EngineContext } from "../../context.ts";
import type { Role } from "../../http/operation.ts";
import { HttpProblem } from "../../http/problem.ts";
import { findLink } from "./link.ts";

export const notInstalled = () =>
  new HttpProblem(404, "shop-not-installed", "Shop not installed", {
    detail: "This shop has no Stoflow account yet: open the app from Shopify admin to install it.",
  });

export async function appSession(ctx: EngineContext, shop: string) {
  const link = await findLink(ctx, shop);
  if (!link || link.uninstalledAt) throw notInstalled();
  const [member] = await ctx.database.db
    .select({ role: control.memberships.role })
    .from(control.memberships)
    .where(
      and(
        eq(control.memberships.userId, link.userId),
        eq(control.memberships.tenantId, link.tenantId),
      ),
    );
  if (!member) throw notInstalled();
  const accessToken = await signAccessToken(ctx.keys.jwt, {
    userId: link.userId,
    tenantId: link.tenantId,
    role: member.role as Role,
  });
  return {
    accessToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    tenantId: link.tenantId,
    sourceId: link.sourceId,
  };
}
