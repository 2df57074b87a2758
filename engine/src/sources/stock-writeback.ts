// A sale on a marketplace reaches the shop: the `product.stock_changed` event (sent by markSold
// in the sale's transaction) sets the shop's stock of the product's shop item to Stoflow's. The
// writes are absolute and planned once per sale (stock_writebacks), so a retried job writes
// the same thing again.
import { tenant, withTenant } from "@stoflow/db";
import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import type { StockChanged } from "../pipeline/queues.ts";
import { loadSource } from "./connection.ts";
import type { ImportDeps } from "./import-run.ts";
import { sourceOf } from "./registry.ts";
import type { StockWrite } from "./source.ts";

const { products, productVariants, stockWritebacks } = tenant;

/** A sale's plan outlives its job's retries by far; older plans go when a new one is made. */
const PLAN_MEMORY_MS = 7 * 24 * 3600_000;

/**
 * The shop writes a sale of `event.productId` asks for: the product's own stock, or for a
 * product with variants (the marketplace sold "the product") one unit off its first variant
 * in stock, or every variant to 0 once the product is sold out.
 */
async function writesFor(deps: ImportDeps, event: StockChanged) {
  return withTenant(deps.db, event.tenantId, async (tx) => {
    const sale = and(
      eq(stockWritebacks.listingId, event.listingId),
      eq(stockWritebacks.soldAt, new Date(event.at)),
    );
    // A retry finds the plan made; two runs at once collide on the key, one rolls back.
    const [planned] = await tx.select().from(stockWritebacks).where(sale);
    if (planned) return { sourceId: planned.sourceId, writes: planned.writes };
    const [product] = await tx
      .select({ sourceId: products.sourceId, ref: products.sourceRef, quantity: products.quantity })
      .from(products)
      .where(eq(products.id, event.productId));
    if (!product?.sourceId || !product.ref) return undefined;
    const variants = await tx
      .select()
      .from(productVariants)
      .where(and(eq(productVariants.productId, event.productId), gt(productVariants.quantity, 0)))
      .orderBy(asc(productVariants.position))
      .for("update");
    const writes: StockWrite[] = [];
    if (variants.length === 0) {
      writes.push({ productRef: product.ref, variantRef: null, quantity: product.quantity });
    } else {
      const targets = product.quantity === 0 ? variants : variants.slice(0, 1);
      for (const v of targets) {
        const left = product.quantity === 0 ? 0 : v.quantity - 1;
        await tx
          .update(productVariants)
          .set({ quantity: sql`${left}` as never })
          .where(eq(productVariants.id, v.id));
        if (v.sourceRef)
          writes.push({ productRef: product.ref, variantRef: v.sourceRef, quantity: left });
      }
    }
    await tx.insert(stockWritebacks).values({
      listingId: event.listingId,
      soldAt: new Date(event.at),
      sourceId: product.sourceId,
      writes,
    });
    await tx
      .delete(stockWritebacks)
      .where(lt(stockWritebacks.createdAt, new Date(Date.now() - PLAN_MEMORY_MS)));
    return { sourceId: product.sourceId, writes };
  });
}

export async function writeBackStock(deps: ImportDeps, event: StockChanged): Promise<number> {
  const plan = await writesFor(deps, event);
  if (!plan) return 0; // not from a shop
  const { row, conn } = await loadSource(deps, event.tenantId, plan.sourceId);
  if (row.status === "disconnected") return 0;
  const provider = sourceOf(deps.sources, row.kind);
  for (const write of plan.writes) await provider.writeStock(conn, write);
  return plan.writes.length;
}
