// Sold anywhere, gone everywhere: the sale moves the listing to sold, takes the product's stock
// down, delists its other listings and tells the catalog sources, in one transaction.
import { type Tx, tenant } from "@stoflow/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { fromDrizzle } from "pg-boss";
import { STOCK_CHANGED_QUEUE, type StockChanged } from "../pipeline/queues.ts";
import type { ListingState } from "./lifecycle.ts";
import { delistLocked, type Requester } from "./requests.ts";
import { type Listing, moveListing } from "./transition.ts";

const ON_MARKETPLACE: ListingState[] = ["published", "error", "queued"];

export async function markSold(
  r: Requester,
  tx: Tx,
  tenantId: number,
  listingId: string,
  options: { actor: string; response?: unknown; at?: Date },
): Promise<Listing> {
  const at = options.at ?? new Date();
  const sold = await moveListing(tx, tenantId, {
    listingId,
    to: "sold",
    action: "sold",
    actor: options.actor,
    outcome: "ok",
    response: options.response,
    set: { soldAt: at },
  });
  const [product] = await tx
    .update(tenant.products)
    .set({
      quantity: sql`greatest(${tenant.products.quantity} - 1, 0)`,
      status: sql`CASE WHEN ${tenant.products.quantity} <= 1 THEN 'sold' ELSE ${tenant.products.status} END`,
    })
    .where(eq(tenant.products.id, sold.productId))
    .returning();
  const quantity = product?.quantity ?? 0;
  if (quantity === 0) {
    const others = await tx
      .select()
      .from(tenant.listings)
      .where(and(eq(tenant.listings.productId, sold.productId), ne(tenant.listings.id, listingId)))
      .for("update");
    for (const other of others) {
      if (ON_MARKETPLACE.includes(other.state as ListingState)) {
        await delistLocked(r, tx, tenantId, other, options.actor);
      }
    }
  }
  const event: StockChanged = {
    type: "product.stock_changed",
    tenantId,
    productId: sold.productId,
    quantity,
    listingId,
    platform: sold.platform,
    at: at.toISOString(),
  };
  await r.boss.send(STOCK_CHANGED_QUEUE, event, { db: fromDrizzle(tx, sql) });
  return sold;
}
