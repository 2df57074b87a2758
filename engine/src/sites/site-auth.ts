import { control, type Db } from "@stoflow/db";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Request } from "express";
import { hashSecret } from "../auth/secrets.ts";
import type { SiteAuth } from "../http/operation.ts";
import { problems } from "../http/problem.ts";

export const SITE_TOKEN_PREFIX = "sfs";
const { siteTokens } = control;

/**
 * `Authorization: Bearer sfs_...` for the plugin's operations. Access tokens, API keys and
 * device tokens are refused here, and site tokens everywhere else.
 */
export async function authenticateSite(req: Request, db: Db): Promise<SiteAuth> {
  const match = req.get("authorization")?.match(/^Bearer (sfs_[A-Za-z0-9_-]{20,100})$/);
  if (!match?.[1]) {
    throw problems.unauthorized(
      `This operation takes a site token (${SITE_TOKEN_PREFIX}_...) from Stoflow (Connections › WordPress sites).`,
    );
  }
  const [site] = await db
    .select({ id: siteTokens.id, tenantId: siteTokens.tenantId, sourceId: siteTokens.sourceId })
    .from(siteTokens)
    .where(and(eq(siteTokens.tokenHash, hashSecret(match[1])), isNull(siteTokens.revokedAt)));
  if (!site) throw problems.unauthorized("This site token is unknown or was revoked.");
  // Written at most once a minute, not on every request.
  await db
    .update(siteTokens)
    .set({ lastSeenAt: new Date() })
    .where(
      and(
        eq(siteTokens.id, site.id),
        or(isNull(siteTokens.lastSeenAt), lt(siteTokens.lastSeenAt, new Date(Date.now() - 60_000))),
      ),
    );
  return { kind: "site", siteId: site.id, tenantId: site.tenantId, sourceId: site.sourceId };
}
