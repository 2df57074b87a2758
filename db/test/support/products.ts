import { count } from "drizzle-orm";
import type { Tx } from "../../src/index.ts";
import { tenant } from "../../src/index.ts";

export interface NewProduct {
  title: string;
  sku?: string | null;
}

/** Inserts one product through a `withTenant()` handle and returns its id. */
export async function insertProduct(tx: Tx, product: NewProduct): Promise<string> {
  const [row] = await tx
    .insert(tenant.products)
    .values({ title: product.title, sku: product.sku ?? null, price: "10.00" })
    .returning({ id: tenant.products.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

export async function countProducts(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(tenant.products);
  return row?.n ?? 0;
}
