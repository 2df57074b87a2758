import { type Db, withTenant } from "@stoflow/db";
import { planOf } from "../plans/plan.ts";
import type { ProductInput } from "./input.ts";
import type { Product } from "./output.ts";
import { hasRoom, lockProductQuota, refuseOverLimit } from "./quota.ts";
import { findProduct, insertProduct } from "./repository.ts";

type Outcome = { over: number } | { product: Product };

/** Creates one product within the plan's product limit (402 beyond it). */
export async function createProduct(
  db: Db,
  tenantId: number,
  input: ProductInput,
): Promise<Product> {
  const plan = await planOf(db, tenantId);
  const outcome = await withTenant(db, tenantId, async (tx): Promise<Outcome> => {
    const quota = await lockProductQuota(tx, tenantId, plan);
    if (!hasRoom(quota, 1)) return { over: quota.current };
    const id = await insertProduct(tx, input);
    return { product: (await findProduct(tx, id)) as Product };
  });
  if ("over" in outcome) return refuseOverLimit(db, tenantId, outcome.over, 1);
  return outcome.product;
}
