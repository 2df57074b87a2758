import { sql } from "drizzle-orm";
import type { Db, Tx } from "../connection.ts";
import { parseTenantId, TenantNotFoundError, tenantSchema } from "./tenant-id.ts";

/**
 * The only door to a tenant's tables: one transaction whose search path (set for that
 * transaction only, so a pooled connection never carries it to its next user) puts the
 * tenant's schema first. `public` stays reachable for the control plane.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: unknown,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const id = parseTenantId(tenantId);
  return db.transaction(async (tx) => {
    // One round trip checks the tenant and sets the path: set_config runs only for a found row.
    const found = await tx.execute(
      sql`SELECT set_config('search_path', ${`"${tenantSchema(id)}", public`}, true)
          FROM public.tenants WHERE id = ${id}`,
    );
    if (found.rowCount === 0) throw new TenantNotFoundError(id);
    return fn(tx);
  });
}
