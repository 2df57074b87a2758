import { type Db, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { ProductFacts } from "./attributes.ts";

/** The facts of one product of a shop; undefined when it does not exist (any more). */
export async function loadFacts(
  db: Db,
  tenantId: number,
  productId: string,
): Promise<ProductFacts | undefined> {
  const p = tenant.products;
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({
        brand: p.brand,
        category: p.category,
        colors: p.colors,
        condition: p.condition,
        size: p.size,
        material: p.material,
        price: p.price,
        currency: p.currency,
      })
      .from(p)
      .where(eq(p.id, productId)),
  );
  return row;
}
