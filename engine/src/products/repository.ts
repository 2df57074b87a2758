import { type Tx, tenant } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import { replaceImages } from "./images.ts";
import type { ProductInput, ProductPatch } from "./input.ts";
import type { Product } from "./output.ts";
import { PRODUCT_JSON } from "./product-json.ts";
import { guardSku } from "./sku-conflict.ts";
import { productColumns } from "./to-row.ts";

// Every function here runs inside withTenant(): `tx` already sees one tenant's schema only.
const { products } = tenant;

export async function findProduct(tx: Tx, id: string): Promise<Product | undefined> {
  const { rows } = await tx.execute<{ product: Product }>(
    sql`SELECT ${PRODUCT_JSON} AS product FROM products p WHERE p.id = ${id}`,
  );
  return rows[0]?.product;
}

/** Several products in one statement, by id; missing ids are absent from the map. */
export async function findProducts(tx: Tx, ids: string[]): Promise<Map<string, Product>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.execute<{ product: Product }>(
    sql`SELECT ${PRODUCT_JSON} AS product FROM products p WHERE p.id = ANY(${sql.param(ids)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.product.id, r.product]));
}

/** Locks the product row for the rest of the transaction; false when there is none. */
export async function lockProduct(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`SELECT 1 FROM products WHERE id = ${id} FOR UPDATE`);
  return rows.length > 0;
}

export async function findIdBySku(tx: Tx, sku: string): Promise<string | undefined> {
  const { rows } = await tx.execute<{ id: string }>(
    sql`SELECT id FROM products WHERE sku = ${sku} FOR UPDATE`,
  );
  return rows[0]?.id;
}

/** Inserts a product and its remote images; returns its id. */
export async function insertProduct(tx: Tx, input: ProductInput): Promise<string> {
  const values = productColumns(input) as typeof products.$inferInsert;
  const [row] = await guardSku(input.sku, () =>
    tx.insert(products).values(values).returning({ id: products.id }),
  );
  const id = (row as { id: string }).id;
  if (input.images?.length) await replaceImages(tx, id, input.images);
  return id;
}

/**
 * Applies a partial update and bumps the revision. Undefined when there is no such product;
 * otherwise the storage keys of images the update removed (to delete after commit).
 */
export async function updateProduct(
  tx: Tx,
  id: string,
  patch: ProductPatch,
): Promise<string[] | undefined> {
  const columns = productColumns(patch);
  if (Object.keys(columns).length === 0 && patch.images === undefined) {
    return (await lockProduct(tx, id)) ? [] : undefined;
  }
  const [row] = await guardSku(patch.sku, () =>
    tx
      .update(products)
      .set({ ...columns, revision: sql`${products.revision} + 1` })
      .where(eq(products.id, id))
      .returning({ id: products.id }),
  );
  if (!row) return undefined;
  return patch.images === undefined ? [] : replaceImages(tx, id, patch.images);
}

/** A change made elsewhere (images) is a change of the product: new revision. */
export async function touchProduct(tx: Tx, id: string): Promise<void> {
  await tx.execute(
    sql`UPDATE products SET revision = revision + 1, updated_at = now() WHERE id = ${id}`,
  );
}

/** Deletes products (images and listings go with them); returns the count and freed keys. */
export async function deleteProducts(
  tx: Tx,
  ids: string[],
): Promise<{ affected: number; storageKeys: string[] }> {
  const { rows: images } = await tx.execute<{ key: string }>(sql`
    SELECT storage_key AS key FROM product_images
    WHERE product_id = ANY(${sql.param(ids)}::uuid[]) AND storage_key IS NOT NULL`);
  const deleted = await tx.execute(
    sql`DELETE FROM products WHERE id = ANY(${sql.param(ids)}::uuid[])`,
  );
  return { affected: deleted.rowCount ?? 0, storageKeys: images.map((r) => r.key) };
}
