// Creating, listing, binding and revoking site tokens. The token itself is shown once, at
// creation; only its hash is stored.
import { control, type Db } from "@stoflow/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { newSecret } from "../auth/secrets.ts";
import { SITE_TOKEN_PREFIX } from "./site-auth.ts";

const { siteTokens } = control;
export type SiteTokenRow = typeof siteTokens.$inferSelect;

export async function createSiteToken(
  db: Db,
  input: { tenantId: number; name: string; createdBy: string | null; sourceId?: string },
): Promise<{ row: SiteTokenRow; token: string }> {
  const secret = newSecret(SITE_TOKEN_PREFIX);
  const [row] = await db
    .insert(siteTokens)
    .values({
      tenantId: input.tenantId,
      name: input.name,
      createdBy: input.createdBy,
      sourceId: input.sourceId ?? null,
      tokenHash: secret.hash,
    })
    .returning();
  return { row: row as SiteTokenRow, token: secret.value };
}

export function listSiteTokens(db: Db, tenantId: number): Promise<SiteTokenRow[]> {
  return db
    .select()
    .from(siteTokens)
    .where(eq(siteTokens.tenantId, tenantId))
    .orderBy(desc(siteTokens.createdAt));
}

export async function findSiteToken(
  db: Db,
  tenantId: number,
  id: string,
): Promise<SiteTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(siteTokens)
    .where(and(eq(siteTokens.id, id), eq(siteTokens.tenantId, tenantId)));
  return row;
}

/** True when a live token of that shop was revoked now. */
export async function revokeSiteToken(db: Db, tenantId: number, id: string): Promise<boolean> {
  const revoked = await db
    .update(siteTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(siteTokens.id, id), eq(siteTokens.tenantId, tenantId), isNull(siteTokens.revokedAt)),
    )
    .returning({ id: siteTokens.id });
  return revoked.length > 0;
}

/** The store approved its keys: the site now speaks for that catalog source. */
export async function bindSiteSource(
  db: Db,
  tenantId: number,
  siteId: string,
  sourceId: string,
): Promise<void> {
  await db
    .update(siteTokens)
    .set({ sourceId })
    .where(and(eq(siteTokens.id, siteId), eq(siteTokens.tenantId, tenantId)));
}
