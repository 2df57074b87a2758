// What the shop tells Stoflow besides whole products: a product deleted, an order placed, a
// stock level set, and (after a full import) the products the shop no longer lists. Each
// applies in the caller's transaction and delists what is no longer for sale.
import { tenant } from "@stoflow/db";
import { and, eq, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { delistEverywhere } from "./delist.ts";
import type { OrderLine } from "./source.ts";
import type { StoreTarget } from "./store-products.ts";

const { products, productVariants, sourceItems, sourceOrders } = tenant;

/** Deleted at the shop: archived with no stock (history and listings' records kept), delisted. */
export async function markDeleted(t: StoreTarget, ref: string, at: Date): Promise<number> {
  const gone = await t.tx
    .update(products)
    .set({
      status: "archived",
      quantity: 0,
      sourceUpdatedAt: at,
      revision: sql`${products.revision} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(products.sourceId, t.sourceId),
        eq(products.sourceRef, ref),
        // A deletion older than what we have (a late delivery) changes nothing.
        sql`(${products.sourceUpdatedAt} is null or ${products.sourceUpdatedAt} <= ${at})`,
      ),
    )
    .returning({ id: products.id });
  if (gone.length === 0) return 0;
  await t.tx
    .update(sourceItems)
    .set({ deletedAt: at, updatedAt: new Date() })
    .where(and(eq(sourceItems.sourceId, t.sourceId), eq(sourceItems.sourceRef, ref)));
  return delistEverywhere(
    t.requester,
    t.tx,
    t.tenantId,
    gone.map((g) => g.id),
    t.actor,
  );
}

/** What a finished full import did not see, and nobody touched since it began: candidates. */
export async function unseenRefs(
  t: StoreTarget,
  runId: string,
  startedAt: Date,
): Promise<string[]> {
  const { rows } = await t.tx.execute<{ ref: string }>(sql`
    SELECT source_ref AS ref FROM source_items
    WHERE source_id = ${t.sourceId} AND deleted_at IS NULL
      AND seen_run_id IS DISTINCT FROM ${runId}::uuid AND updated_at < ${startedAt}`);
  return rows.map((r) => r.ref);
}

/** Products gone from the shop without a webhook saying so: archived and delisted. */
export async function sweepGone(t: StoreTarget, runId: string, startedAt: Date, refs: string[]) {
  if (refs.length === 0) return { archived: 0, delisted: 0 };
  const { rows } = await t.tx.execute<{ id: string }>(sql`
    WITH gone AS (
      UPDATE source_items SET deleted_at = now(), updated_at = now()
      WHERE source_id = ${t.sourceId} AND deleted_at IS NULL AND source_ref = ANY(${sql.param(refs)}::text[])
        AND seen_run_id IS DISTINCT FROM ${runId}::uuid AND updated_at < ${startedAt}
      RETURNING product_id
    )
    UPDATE products p SET status = 'archived', quantity = 0, revision = p.revision + 1,
      updated_at = now()
    FROM gone WHERE p.id = gone.product_id
    RETURNING p.id`);
  const ids = rows.map((r) => r.id);
  const delisted = await delistEverywhere(t.requester, t.tx, t.tenantId, ids, t.actor);
  return { archived: ids.length, delisted };
}

async function productOf(t: StoreTarget, ref: string) {
  const [row] = await t.tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.sourceId, t.sourceId), eq(products.sourceRef, ref)))
    .for("update");
  return row?.id;
}

/** Takes `quantity` off a product (and its variant); sold out means sold and delisted. */
/** A newer stock time than the stored one (or none stored): the level may be written. */
const newerStock = (column: AnyPgColumn, at: Date) => or(isNull(column), lte(column, at)) as SQL;

/**
 * Takes an order line's units, or sets the level the shop said (`absolute`). An absolute level
 * older than the last one applied is ignored (a late webhook never sets stock back): the answer
 * is then undefined and nothing changes.
 */
async function takeStock(
  t: StoreTarget,
  productId: string,
  line: OrderLine | StockSet,
): Promise<number | undefined> {
  const absolute = "absolute" in line ? line : undefined;
  if (line.variantRef) {
    const set = absolute
      ? { quantity: absolute.quantity, stockAt: absolute.at }
      : { quantity: sql`greatest(${productVariants.quantity} - ${line.quantity}, 0)` };
    const changed = await t.tx
      .update(productVariants)
      .set(set as never)
      .where(
        and(
          eq(productVariants.productId, productId),
          eq(productVariants.sourceRef, line.variantRef),
          ...(absolute ? [newerStock(productVariants.stockAt, absolute.at)] : []),
        ),
      )
      .returning({ id: productVariants.id });
    if (absolute && changed.length === 0) return undefined;
  }
  const variantTotal = sql`(SELECT sum(quantity) FROM product_variants WHERE product_id = ${productId})`;
  const quantity = line.variantRef
    ? sql`coalesce(${variantTotal}, 0)::int`
    : absolute
      ? sql`${absolute.quantity}::int`
      : sql`greatest(${products.quantity} - ${line.quantity}, 0)`;
  const [row] = await t.tx
    .update(products)
    .set({
      quantity: quantity as never,
      status: sql`CASE WHEN ${quantity} = 0 AND ${products.status} = 'active' THEN 'sold'
        WHEN ${quantity} > 0 AND ${products.status} = 'sold' THEN 'active'
        ELSE ${products.status} END`,
      ...(absolute && !line.variantRef ? { stockAt: absolute.at } : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(products.id, productId),
        ...(absolute && !line.variantRef ? [newerStock(products.stockAt, absolute.at)] : []),
      ),
    )
    .returning({ quantity: products.quantity });
  if (!row) return absolute ? undefined : 0;
  return row.quantity;
}

/** A shop order: acted on once (by order id), each line's stock taken, sold-out items delisted. */
export async function applyOrder(
  t: StoreTarget,
  orderRef: string,
  lines: OrderLine[],
): Promise<{ duplicate: boolean; delisted: number }> {
  const [fresh] = await t.tx
    .insert(sourceOrders)
    .values({ sourceId: t.sourceId, orderRef, lines: lines.length })
    .onConflictDoNothing()
    .returning({ orderRef: sourceOrders.orderRef });
  if (!fresh) return { duplicate: true, delisted: 0 };
  const soldOut: string[] = [];
  for (const line of lines) {
    const productId = await productOf(t, line.productRef);
    if (!productId) continue; // not imported (yet): the next sync brings its stock
    if ((await takeStock(t, productId, line)) === 0) soldOut.push(productId);
  }
  return {
    duplicate: false,
    delisted: await delistEverywhere(t.requester, t.tx, t.tenantId, soldOut, t.actor),
  };
}

interface StockSet {
  absolute: true;
  variantRef: string | null;
  quantity: number;
  /** When the shop had this level. */
  at: Date;
}

/** The shop's stock level of a product or variant (e.g. Shopify's inventory levels). */
export async function applyStock(
  t: StoreTarget,
  productRef: string,
  variantRef: string | null,
  quantity: number,
  at: Date,
): Promise<number> {
  const productId = await productOf(t, productRef);
  if (!productId) return 0;
  const left = await takeStock(t, productId, { absolute: true, variantRef, quantity, at });
  return left === 0 ? delistEverywhere(t.requester, t.tx, t.tenantId, [productId], t.actor) : 0;
}
