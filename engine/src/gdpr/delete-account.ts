import { control, dropTenant, getTenant, tenant, withTenant } from "@stoflow/db";
import { and, eq, inArray, isNotNull, notExists } from "drizzle-orm";
import type { EngineContext } from "../context.ts";
import { problems } from "../http/problem.ts";
import { discardImages } from "../products/storage/discard.ts";
import { imageStorageFor } from "../products/storage/image-storage.ts";

const { memberships, users } = control;

/**
 * GDPR erasure of a shop, confirmed by typing its name: the schema and control-plane rows
 * (dropTenant), then the accounts that belonged to this shop only and the uploaded image
 * files, so no personal data outlives the shop. Files go after the commit, as elsewhere: a
 * failed drop must not lose them, and a file left behind is logged, not an error.
 */
export async function deleteAccount(
  ctx: EngineContext,
  tenantId: number,
  confirm: string,
): Promise<void> {
  const { db, pool } = ctx.database;
  const shop = await getTenant(pool, tenantId);
  if (!shop) throw problems.notFound("Shop");
  if (confirm.trim() !== shop.name.trim()) {
    throw problems.badRequest(`Type the shop's name exactly ("${shop.name}") to delete it.`);
  }
  const team = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  const files = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ key: tenant.productImages.storageKey })
      .from(tenant.productImages)
      .where(isNotNull(tenant.productImages.storageKey)),
  );
  await dropTenant(pool, tenantId);
  const ids = team.map((m) => m.userId);
  if (ids.length > 0) {
    await db
      .delete(users)
      .where(
        and(
          inArray(users.id, ids),
          notExists(db.select().from(memberships).where(eq(memberships.userId, users.id))),
        ),
      );
  }
  const keys = files.map((f) => f.key).filter((key): key is string => key !== null);
  await discardImages(imageStorageFor(ctx.config), keys, ctx.log);
}
