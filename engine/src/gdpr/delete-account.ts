import { control, dropTenant, getTenant } from "@stoflow/db";
import { and, eq, inArray, notExists } from "drizzle-orm";
import type { Database } from "../database.ts";
import { problems } from "../http/problem.ts";

const { memberships, users } = control;

/**
 * GDPR erasure of a shop: its schema and control-plane rows go (dropTenant), then the
 * accounts that belonged to this shop only, so no personal data outlives the shop. The
 * seller confirms by typing the shop's name.
 */
export async function deleteAccount(
  database: Pick<Database, "db" | "pool">,
  tenantId: number,
  confirm: string,
): Promise<void> {
  const { db, pool } = database;
  const shop = await getTenant(pool, tenantId);
  if (!shop) throw problems.notFound("Shop");
  if (confirm.trim() !== shop.name.trim()) {
    throw problems.badRequest(`Type the shop's name exactly ("${shop.name}") to delete it.`);
  }
  const team = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  await dropTenant(pool, tenantId);
  const ids = team.map((m) => m.userId);
  if (ids.length === 0) return;
  await db
    .delete(users)
    .where(
      and(
        inArray(users.id, ids),
        notExists(db.select().from(memberships).where(eq(memberships.userId, users.id))),
      ),
    );
}
