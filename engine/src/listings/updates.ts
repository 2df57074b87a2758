// Product edits reach the marketplaces: a change a listing shows queues `listing.update` for
// each of the product's live listings, in the transaction of the change (no edit without its
// jobs, no job without its edit). The key carries the product revision, so quick edits make
// one job per revision and the worker runs only the latest (see run-action.ts).
import { type Tx, tenant } from "@stoflow/db";
import { and, eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { sendAction } from "../pipeline/queues.ts";
import type { ProductPatch } from "../products/input.ts";

/** The product fields a marketplace listing shows; a change to any other field stays local. */
export const LISTED_FIELDS = [
  "title",
  "description",
  "price",
  "images",
  "brand",
  "size",
  "colors",
  "condition",
  "category",
] as const satisfies readonly (keyof ProductPatch)[];

/** Listings live on a marketplace, whose item an edit must change. */
const LIVE = ["published", "updating"];

/** True when `changed` (the fields that really change) touches what a listing shows. */
export function showsOnListings(changed: ProductPatch): boolean {
  return LISTED_FIELDS.some((field) => changed[field] !== undefined);
}

/**
 * Queues an update, at the product's current revision, for every live listing of `productIds`.
 * Run it in the transaction that changed the products, after the change. Returns how many
 * jobs were sent (a key already waiting counts once).
 */
export async function queueListingUpdates(
  boss: PgBoss | undefined,
  tx: Tx,
  tenantId: number,
  productIds: string[],
): Promise<number> {
  if (!boss || productIds.length === 0) return 0;
  const live = await tx
    .select({ listingId: tenant.listings.id, revision: tenant.products.revision })
    .from(tenant.listings)
    .innerJoin(tenant.products, eq(tenant.products.id, tenant.listings.productId))
    .where(
      and(inArray(tenant.listings.productId, productIds), inArray(tenant.listings.state, LIVE)),
    );
  let sent = 0;
  for (const { listingId, revision } of live) {
    const id = await sendAction(boss, { tenantId, listingId, action: "update", revision }, { tx });
    if (id) sent += 1;
  }
  return sent;
}
