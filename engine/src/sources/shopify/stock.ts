// Stock write-back: Stoflow holds absolute quantities, Shopify adjusts by deltas at a location.
// Each variant's levels are read (where it is stocked, how many are available), the difference
// is applied with inventoryAdjustQuantities at the level that can give it, under an idempotency
// key made from (source, variant, from, to): a retried write is applied once by Shopify, and a
// write that already landed reads as nothing left to do.

import { createHash } from "node:crypto";
import { SourceError, type StockWrite } from "../source.ts";
import { gidOf, type ShopifyClient } from "./client.ts";
import { ADJUST_INVENTORY, PRODUCT_VARIANTS_STOCK } from "./queries.ts";

interface Level {
  location: { id: string };
  quantities: { name: string; quantity: number }[];
}

interface StockedVariant {
  id: string;
  inventoryQuantity: number | null;
  inventoryItem: { id: string; inventoryLevels: { nodes: Level[] } };
}

interface Change {
  variant: StockedVariant;
  delta: number;
}

const availableAt = (level: Level) =>
  level.quantities.find((q) => q.name === "available")?.quantity ?? 0;

const availableOf = (v: StockedVariant) =>
  v.inventoryItem.inventoryLevels.nodes.reduce((sum, level) => sum + availableAt(level), 0);

/** A UUID-shaped key, the same for the same intended change. */
function keyOf(parts: (string | number)[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Which variants change and by how much to bring the product (or variant) to `quantity`. */
function plan(variants: StockedVariant[], write: StockWrite): Change[] {
  if (write.variantRef) {
    const variant = variants.find(
      (v) => v.id === gidOf("ProductVariant", write.variantRef as string),
    );
    if (!variant)
      throw new SourceError("This variant no longer exists in the Shopify shop.", {
        kind: "permanent",
      });
    return [{ variant, delta: write.quantity - Math.max(0, availableOf(variant)) }];
  }
  // The whole product: take units off the variants that have some, in order; add to the first.
  let delta = write.quantity - variants.reduce((sum, v) => sum + Math.max(0, availableOf(v)), 0);
  const changes: Change[] = [];
  for (const variant of variants) {
    if (delta === 0) break;
    if (delta > 0) {
      changes.push({ variant, delta });
      delta = 0;
    } else {
      const take = Math.max(delta, -Math.max(0, availableOf(variant)));
      if (take < 0) changes.push({ variant, delta: take });
      delta -= take;
    }
  }
  return changes;
}

/** Where a variant's change lands: units come off where they are, additions go first. */
function levelFor(change: Change): Level {
  const levels = change.variant.inventoryItem.inventoryLevels.nodes;
  const best =
    change.delta < 0 ? [...levels].sort((a, b) => availableAt(b) - availableAt(a))[0] : levels[0];
  if (!best)
    throw new SourceError("This variant is not stocked at any location of the Shopify shop.", {
      kind: "permanent",
    });
  return best;
}

export async function writeShopifyStock(
  client: ShopifyClient,
  sourceId: string,
  write: StockWrite,
) {
  const data = await client.request<{
    product: { variants: { nodes: StockedVariant[] } } | null;
  }>(PRODUCT_VARIANTS_STOCK, { id: gidOf("Product", write.productRef) });
  if (!data.product)
    throw new SourceError("This product no longer exists in the Shopify shop.", {
      kind: "permanent",
    });
  const changes = plan(data.product.variants.nodes, write).filter((c) => c.delta !== 0);
  if (changes.length === 0) return;
  const key = keyOf([
    sourceId,
    ...changes.flatMap((c) => [c.variant.id, availableOf(c.variant), c.delta]),
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
        locationId: levelFor(c).location.id,
      })),
    },
  });
  const errors = result.inventoryAdjustQuantities.userErrors;
  if (errors.length > 0) {
    throw new SourceError(
      `Shopify refused the stock change: ${errors.map((e) => e.message).join("; ")}`,
      { kind: "permanent" },
    );
  }
}
