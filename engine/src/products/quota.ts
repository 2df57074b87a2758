import type { Db, Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { problems } from "../http/problem.ts";
import { assertWithinLimit } from "../plans/limits.ts";
import type { Plan } from "../plans/plan.ts";

// Advisory lock class for "products of tenant N are being counted against the plan".
const PRODUCT_QUOTA_LOCK = 0x5354_0001;

export interface ProductQuota {
  current: number;
  max: number | null;
}

/** Products in the tenant, from the trigger-maintained counters (no table scan). */
export async function countProducts(tx: Tx): Promise<number> {
  const { rows } = await tx.execute<{ n: string }>(
    sql`SELECT coalesce(sum(n), 0) AS n FROM product_counts`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Reads how many products the tenant has against its plan, and for a limited plan holds a
 * per-tenant lock until commit so two concurrent creations cannot both take the last slot.
 */
export async function lockProductQuota(
  tx: Tx,
  tenantId: number,
  plan: Plan,
): Promise<ProductQuota> {
  if (plan.maxProducts === null) return { current: 0, max: null };
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${PRODUCT_QUOTA_LOCK}, ${tenantId})`);
  return { current: await countProducts(tx), max: plan.maxProducts };
}

export const hasRoom = (quota: ProductQuota, adding: number) =>
  quota.max === null || quota.current + adding <= quota.max;

/**
 * The 402 for a tenant over its product limit (called after the transaction ended, because
 * the plan lookup uses its own connection). Always throws.
 */
export async function refuseOverLimit(
  db: Db,
  tenantId: number,
  current: number,
  adding: number,
): Promise<never> {
  await assertWithinLimit(db, tenantId, "products", current, adding);
  throw problems.planLimit("products", "Your plan's product limit is reached.");
}
