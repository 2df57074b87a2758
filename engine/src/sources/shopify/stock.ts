// Stock write-back: Stoflow holds absolute quantities, Shopify adjusts by deltas. The current
// level is read, the difference applied with inventoryAdjustQuantities under an idempotency
// key made from (source, variant, from, to): a retried write is applied once by Shopify, and
// a write that already landed reads as nothing left to do.

import { createHash } from "node:crypto";
import { SourceError, type StockWrite } from "../source.ts";
import { gidOf, type ShopifyClient } from "./client.ts";
import { ADJUST_INVENTORY, PRODUCT_VARIANTS_STOCK, SHOP } from "./queries.ts";

interface StockedVariant {
  id: string;
  inventoryQuantity: number | null;
  inventoryItem: { id: string };
}

const locations = new Map<string, string>(); // endpoint -> location gid

async function locationOf(client: ShopifyClient): Promise<string> {
  const known = locations.get(client.endpoint);
  if (known) return known;
  const data = await client.request<{ locations: { nodes: { id: string }[] } }>(SHOP);
  const id = data.locations.nodes[0]?.id;
  if (!id)
    throw new SourceError("This Shopify shop has no location to hold stock.", {
      kind: "permanent",
    });
  locations.set(client.endpoint, id);
  return id;
}

/** A UUID-shaped key, the same for the same intended change. */
function keyOf(parts: (string | number)[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Which variants change and by how much to bring the product (or variant) to `quantity`. */
function plan(
  variants: StockedVariant[],
  write: StockWrite,
): { variant: StockedVariant; delta: number }[] {
  if (write.variantRef) {
    const variant = variants.find(
      (v) => v.id === gidOf("ProductVariant", write.variantRef as string),
    );
    if (!variant)
      throw new SourceError("This variant no longer exists in the Shopify shop.", {
        kind: "permanent",
      });
    return [{ variant, delta: write.quantity - (variant.inventoryQuantity ?? 0) }];
  }
  // The whole product: take units off the variants that have some, in order; add to the first.
  let delta =
    write.quantity - variants.reduce((sum, v) => sum + Math.max(0, v.inventoryQuantity ?? 0), 0);
  const changes: { variant: StockedVariant; delta: number }[] = [];
  for (const variant of variants) {
    if (delta === 0) break;
    if (delta > 0) {
      changes.push({ variant, delta });
      delta = 0;
    } else {
      const take = Math.max(delta, -Math.max(0, variant.inventoryQuantity ?? 0));
      if (take < 0) changes.push({ variant, delta: take });
      delta -= take;
    }
  }
  return changes;
}

export async function writeShopifyStock(
  client: ShopifyClient,
  sourceId: string,
  write: StockWrite,
) {
  const data = await client.request<{ product: { variants: { nodes: StockedVariant[] } } | null }>(
    PRODUCT_VARIANTS_STOCK,
    { id: gidOf("Product", write.productRef) },
  );
  if (!data.product)
    throw new SourceError("This product no longer exists in the Shopify shop.", {
      kind: "permanent",
    });
  const changes = plan(data.product.variants.nodes, write).filter((c) => c.delta !== 0);
  if (changes.length === 0) return;
  const locationId = await locationOf(client);
  const key = keyOf([
    sourceId,
    ...changes.flatMap((c) => [c.variant.id, c.variant.inventoryQuantity ?? 0, c.delta]),
  ]);
  const result = await client.request<{
    inventoryAdjustQuantities: { userErrors: { message: string; code: string | null }[] };
  }>(ADJUST_INVENTORY, {
    key,
    input: {
      name: "available",
      reason: "correction",
      referenceDocumentUri: `stoflow://sources/${sourceId}/stock/${write.productRef}`,
      changes: changes.map((c) => ({
        delta: c.delta,
        inventoryItemId: c.variant.inventoryItem.id,
        locationId,
      })),
    },
  });
  const errors = result.inventoryAdjustQuantities.userErrors;
  if (errors.length > 0) {
    throw new SourceError(
      `Shopify refused the stock change: ${errors.map((e) => e.message).join("; ")}`,
      {
        kind: "permanent",
      },
    );
  }
}
