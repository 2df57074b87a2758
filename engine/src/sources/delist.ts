// Gone at the shop, gone everywhere: a product deleted, out of stock, unpublished or ordered
// in the shop has each of its marketplace listings delisted through the pipeline's own delist
// path (delistLocked: a listing never published is closed at once, a live one queues its job),
// in the caller's transaction.
import { type Tx, tenant } from "@stoflow/db";
import { and, inArray } from "drizzle-orm";
import { delistLocked, type Requester } from "../listings/requests.ts";

/** Listing states with something on (or on its way to) a marketplace that a delist can stop. */
const DELISTABLE = ["published", "error", "queued"];

/** Delists every listing of `productIds`; returns how many were asked to go. */
export async function delistEverywhere(
  r: Requester,
  tx: Tx,
  tenantId: number,
  productIds: string[],
  actor: string,
): Promise<number> {
  if (productIds.length === 0) return 0;
  const listings = await tx
    .select()
    .from(tenant.listings)
    .where(
      and(
        inArray(tenant.listings.productId, productIds),
        inArray(tenant.listings.state, DELISTABLE),
      ),
    )
    .for("update");
  for (const listing of listings) await delistLocked(r, tx, tenantId, listing, actor);
  return listings.length;
}
