import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";

/** Listings waiting for a marketplace action, and listings stuck in error. */
export async function listingCounts(tx: Tx): Promise<{ pending: number; errors: number }> {
  const { rows } = await tx.execute<{ pending: number; errors: number }>(sql`
    SELECT count(*) FILTER (WHERE state IN ('queued', 'publishing', 'updating', 'delisting'))::int
             AS pending,
           count(*) FILTER (WHERE state = 'error')::int AS errors
    FROM listings`);
  return rows[0] ?? { pending: 0, errors: 0 };
}
