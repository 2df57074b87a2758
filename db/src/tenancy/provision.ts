import type pg from "pg";
import { applyPending } from "../migrations/apply.ts";
import { defaultDirs, loadMigrations } from "../migrations/journal.ts";
import { SCHEMA_LOCK_SQL } from "../migrations/lock.ts";
import { parseTenantId, TenantNotFoundError, tenantSchema } from "./tenant-id.ts";

export interface TenantRow {
  id: number;
  name: string;
  status: string;
  locale: string;
  createdAt: Date;
}

const tenantColumns = `id, name, status, locale, created_at AS "createdAt"`;

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface ProvisionOptions {
  name: string;
  locale?: string;
  /** Tests point this at another migration set. */
  tenantMigrationsDir?: string;
  /** Runs inside the same transaction (e.g. the owner's account): all or nothing. */
  setup?: (client: pg.PoolClient, tenant: TenantRow) => Promise<void>;
}

/** Creates the tenant row, its schema and all tenant migrations in one transaction. */
export function provisionTenant(pool: pg.Pool, options: ProvisionOptions): Promise<TenantRow> {
  const migrations = loadMigrations(options.tenantMigrationsDir ?? defaultDirs.tenant);
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock_shared(${SCHEMA_LOCK_SQL})`);
    const { rows } = await client.query<TenantRow>(
      `INSERT INTO public.tenants (name, locale) VALUES ($1, $2) RETURNING ${tenantColumns}`,
      [options.name, options.locale ?? "fr"],
    );
    const tenant = rows[0] as TenantRow;
    const schema = tenantSchema(tenant.id);
    await client.query(`CREATE SCHEMA "${schema}"`);
    await applyPending(client, schema, migrations);
    await client.query("SELECT set_config('search_path', 'public', true)");
    await options.setup?.(client, tenant);
    return tenant;
  });
}

/** GDPR erasure: drops the tenant's schema and its control-plane rows (cascading). */
export function dropTenant(pool: pg.Pool, tenantId: unknown): Promise<void> {
  const id = parseTenantId(tenantId);
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock_shared(${SCHEMA_LOCK_SQL})`);
    const { rowCount } = await client.query("DELETE FROM public.tenants WHERE id = $1", [id]);
    if (!rowCount) throw new TenantNotFoundError(id);
    await client.query(`DROP SCHEMA IF EXISTS "${tenantSchema(id)}" CASCADE`);
  });
}

export async function listTenants(pool: pg.Pool): Promise<TenantRow[]> {
  const { rows } = await pool.query<TenantRow>(
    `SELECT ${tenantColumns} FROM public.tenants ORDER BY id`,
  );
  return rows;
}

export async function getTenant(pool: pg.Pool, tenantId: unknown): Promise<TenantRow | undefined> {
  const { rows } = await pool.query<TenantRow>(
    `SELECT ${tenantColumns} FROM public.tenants WHERE id = $1`,
    [parseTenantId(tenantId)],
  );
  return rows[0];
}
