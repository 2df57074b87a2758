// The plugin speaks in WooCommerce product ids; the engine in product ids. A site only
// reaches the products imported from its own catalog source.
import { type Db, tenant, withTenant } from "@stoflow/db";
import { and, asc, eq, inArray } from "drizzle-orm";

export interface ShopItemListing {
  id: string;
  platform: string;
  channelAccountId: string;
  state: string;
  url: string | null;
  lastError: string | null;
  updatedAt: string;
}

export interface ShopItem {
  shopItemId: string;
  productId: string;
  title: string;
  revision: number;
  listings: ShopItemListing[];
}

/** The products behind these WooCommerce ids, with their listings; unknown ids are absent. */
export async function shopItems(
  db: Db,
  tenantId: number,
  sourceId: string,
  shopItemIds: string[],
): Promise<ShopItem[]> {
  if (shopItemIds.length === 0) return [];
  const { products: p, listings: l } = tenant;
  return withTenant(db, tenantId, async (tx) => {
    const found = await tx
      .select({ id: p.id, ref: p.sourceRef, title: p.title, revision: p.revision })
      .from(p)
      .where(and(eq(p.sourceId, sourceId), inArray(p.sourceRef, shopItemIds)));
    if (found.length === 0) return [];
    const rows = await tx
      .select()
      .from(l)
      .where(
        inArray(
          l.productId,
          found.map((f) => f.id),
        ),
      )
      .orderBy(asc(l.platform), asc(l.createdAt));
    return found.map((f) => ({
      shopItemId: f.ref as string,
      productId: f.id,
      title: f.title,
      revision: f.revision,
      listings: rows
        .filter((r) => r.productId === f.id)
        .map((r) => ({
          id: r.id,
          platform: r.platform,
          channelAccountId: r.channelAccountId,
          state: r.state,
          url: r.url,
          lastError: r.lastError,
          updatedAt: r.updatedAt.toISOString(),
        })),
    }));
  });
}

export async function shopItem(
  db: Db,
  tenantId: number,
  sourceId: string,
  shopItemId: string,
): Promise<ShopItem | undefined> {
  const [item] = await shopItems(db, tenantId, sourceId, [shopItemId]);
  return item;
}
