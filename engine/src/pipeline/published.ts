// What a successful publish or update leaves on a listing, and the check that follows it: one
// definition for the one-by-one path (run-action.ts) and the batches (run-batch.ts).
import { type Tx, tenant } from "@stoflow/db";
import { inArray } from "drizzle-orm";
import type { ListingPayload, RemoteItem } from "../channels/channel.ts";

/** The listing's columns once the marketplace shows `payload` as `item`. */
export function publishedColumns(
  action: "publish" | "update",
  item: RemoteItem | undefined,
  payload: ListingPayload | undefined,
  revision: number,
  at: Date,
) {
  return {
    externalId: item?.id,
    url: item?.url,
    title: payload?.title,
    description: payload?.description,
    price: payload?.price,
    currency: payload?.currency,
    publishedRevision: revision,
    ...(action === "publish" ? { publishedAt: at } : {}),
    lastError: null,
    lastErrorKind: null,
    attempts: 0,
  };
}

/**
 * Of these products, the ones still for sale (there, in stock, not sold): an item posted for
 * any other was sold out elsewhere, or left its shop, while it was being posted.
 */
export async function stillForSale(tx: Tx, productIds: string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await tx
    .select({
      id: tenant.products.id,
      quantity: tenant.products.quantity,
      status: tenant.products.status,
    })
    .from(tenant.products)
    .where(inArray(tenant.products.id, productIds));
  return new Set(rows.filter((p) => p.quantity > 0 && p.status !== "sold").map((p) => p.id));
}
