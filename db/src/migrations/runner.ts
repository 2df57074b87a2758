import pLimit from "p-limit";
import type pg from "pg";
import { tenantSchema } from "../tenancy/tenant-id.ts";
import { applyPending } from "./apply.ts";
import { defaultDirs, loadMigrations } from "./journal.ts";
import { SCHEMA_LOCK_SQL } from "./lock.ts";

export interface MigrateOptions {
  /** Tenant schemas migrated at once; keep below the pool size. */
  concurrency?: number;
  controlDir?: string;
  tenantDir?: string;
  onProgress?: (progress: MigrateProgress) => void;
}

export interface MigrateProgress {
  tenantsTotal: number;
  tenantsDone: number;
  migrationsApplied: number;
}

export interface MigrateResult extends MigrateProgress {
  controlApplied: number;
}

async function migrateSchema(client: pg.ClientBase, schema: string, dir: string): Promise<number> {
  await client.query("BEGIN");
  try {
    const applied = await applyPending(client, schema, loadMigrations(dir));
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/**
 * Control plane first, then every tenant schema, each in its own transaction with its own
 * ledger. Idempotent: a run killed half-way leaves each schema either done or untouched,
 * and the next run finishes the rest.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const controlDir = options.controlDir ?? defaultDirs.control;
  const tenantDir = options.tenantDir ?? defaultDirs.tenant;
  const lockClient = await pool.connect();
  // Every connection the run uses is taken before the lock: provisioning and dropping wait for
  // the lock while holding a pool connection, so a runner asking the pool for more once it
  // holds the lock can wait for them forever.
  const workers: pg.PoolClient[] = [];
  try {
    const spare = Math.min(options.concurrency ?? 4, (pool.options.max ?? 10) - 1);
    for (let i = 0; i < spare; i++) workers.push(await pool.connect());
    const free = workers.length > 0 ? [...workers] : [lockClient];
    await lockClient.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK_SQL})`);
    const controlApplied = await migrateSchema(lockClient, "public", controlDir);
    const { rows } = await lockClient.query<{ id: number }>(
      "SELECT id FROM public.tenants ORDER BY id",
    );
    const progress: MigrateProgress = {
      tenantsTotal: rows.length,
      tenantsDone: 0,
      migrationsApplied: 0,
    };
    const limit = pLimit(free.length);
    // One tenant failing does not stop the others; the run reports every failure at the end.
    const outcomes = await Promise.allSettled(
      rows.map(({ id }) =>
        limit(async () => {
          const client = free.pop() as pg.PoolClient; // limit() keeps one free per task
          try {
            // Not `x += await ...`: that reads x before the await and loses parallel updates.
            const applied = await migrateSchema(client, tenantSchema(id), tenantDir);
            progress.migrationsApplied += applied;
          } catch (error) {
            throw new Error(`${tenantSchema(id)}: ${(error as Error).message}`, { cause: error });
          } finally {
            free.push(client);
          }
          progress.tenantsDone += 1;
          options.onProgress?.({ ...progress });
        }),
      ),
    );
    const failures = outcomes.filter((o) => o.status === "rejected").map((o) => o.reason);
    if (failures.length > 0) {
      const first = failures.slice(0, 3).map((f) => `\n  ${(f as Error).message}`);
      throw new AggregateError(
        failures,
        `${failures.length} tenant schema(s) failed to migrate:${first.join("")}` +
          (failures.length > 3 ? `\n  ... and ${failures.length - 3} more` : ""),
      );
    }
    return { controlApplied, ...progress };
  } finally {
    await lockClient.query(`SELECT pg_advisory_unlock(${SCHEMA_LOCK_SQL})`).catch(() => {});
    for (const worker of workers) worker.release();
    lockClient.release();
  }
}
