import { type Db, tenant, withTenant } from "@stoflow/db";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Listing } from "./transition.ts";

export interface ListingFilter {
  state?: string;
  platform?: string;
  productId?: string;
  limit: number;
  offset: number;
}

/** A page of the tenant's listings, newest change first, with the total for the filter. */
export async function listListings(
  db: Db,
  tenantId: number,
  filter: ListingFilter,
): Promise<{ items: Listing[]; total: number }> {
  const { listings } = tenant;
  const where: SQL[] = [];
  if (filter.state) where.push(eq(listings.state, filter.state));
  if (filter.platform) where.push(eq(listings.platform, filter.platform));
  if (filter.productId) where.push(eq(listings.productId, filter.productId));
  return withTenant(db, tenantId, async (tx) => {
    const items = await tx
      .select()
      .from(listings)
      .where(and(...where))
      .orderBy(desc(listings.updatedAt), desc(listings.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await tx
      .select({ n: count() })
      .from(listings)
      .where(and(...where));
    return { items, total: total?.n ?? 0 };
  });
}
