import type pg from "pg";
import { type Db, type Tx, transactionOn } from "../connection.ts";
import {
  NotAMemberError,
  parseTenantId,
  parseUserId,
  TenantNotFoundError,
  tenantSchema,
} from "./tenant-id.ts";

export interface WithTenantOptions {
  /**
   * A user (uuid) who must be a member of the tenant: checked by the same statement that checks
   * the tenant, so a request authenticated by token needs no round trip of its own for it.
   * Without a membership row, `fn` does not run and `NotAMemberError` is thrown.
   */
  member?: string;
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off` for this transaction
   * only). Only for a transaction whose loss in a PostgreSQL crash is repaired by what follows
   * it: a later synchronous commit flushes it too, and a job not yet completed runs again.
   */
  asyncCommit?: boolean;
}

export interface TenantAccess {
  /** The member's role (`options.member`), read in the transaction; `null` without a member. */
  role: string | null;
}

/**
 * The statement that opens the transaction, checks the tenant (and the member) and sets the
 * search path, sent as one simple-query message: one round trip instead of two. A simple query
 * takes no bind parameters, so the text holds nothing but the validated integer id, the schema
 * name built from it and a validated uuid. `set_config` runs only for a found row, and its
 * `true` keeps the path for this transaction only: a pooled connection never carries it to its
 * next user.
 */
function openStatement(id: number, member: string | undefined, asyncCommit = false): string {
  const path = `'"${tenantSchema(id)}", public'`;
  const begin = asyncCommit ? "BEGIN; SET LOCAL synchronous_commit TO off;" : "BEGIN;";
  return member === undefined
    ? `${begin} SELECT NULL::text AS role, set_config('search_path', ${path}, true)
        FROM public.tenants t WHERE t.id = ${id}`
    : `${begin} SELECT m.role, set_config('search_path', ${path}, true)
        FROM public.tenants t
        JOIN public.memberships m ON m.tenant_id = t.id AND m.user_id = '${member}'::uuid
        WHERE t.id = ${id}`;
}

/**
 * The only door to a tenant's tables: one transaction whose search path (set for that
 * transaction only, so a pooled connection never carries it to its next user) puts the
 * tenant's schema first. `public` stays reachable for the control plane.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: unknown,
  fn: (tx: Tx, access: TenantAccess) => Promise<T>,
  options: WithTenantOptions = {},
): Promise<T> {
  const id = parseTenantId(tenantId);
  const member = options.member === undefined ? undefined : parseUserId(options.member);
  const client: pg.PoolClient = await db.$client.connect();
  let broken: Error | undefined;
  try {
    const results = (await client.query(
      openStatement(id, member, options.asyncCommit),
    )) as unknown as pg.QueryResult[];
    const found = results.at(-1)?.rows[0] as { role: string | null } | undefined;
    if (!found) throw member ? new NotAMemberError(id) : new TenantNotFoundError(id);
    const result = await fn(transactionOn(db, client), { role: found.role });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // Also after a failed BEGIN or COMMIT: ROLLBACK outside a transaction only warns.
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError; // the connection is unusable: the pool must not hand it out again
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
