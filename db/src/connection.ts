import {
  drizzle,
  type NodePgDatabase,
  NodePgSession,
  NodePgTransaction,
} from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import * as control from "./schema/control.ts";
import * as tenant from "./schema/tenant.ts";

export const schema = { ...control, ...tenant };
export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const CASING = "snake_case";
const dialect = new PgDialect({ casing: CASING });

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/** A pool whose connections only ever see `public` unless `withTenant()` says otherwise. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "stoflow",
    options: "-c search_path=public",
    // A backend caches the catalog of every tenant schema it touches (~145 kB each, never
    // freed): recycling connections bounds that memory on a server with many tenants.
    maxLifetimeSeconds: 600,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on("error", () => {});
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return drizzle({ client: pool, schema, casing: CASING });
}

/**
 * The drizzle handle of a transaction the caller opened itself on `client` (BEGIN already
 * sent), the same kind `db.transaction()` hands out: nested `tx.transaction()` are savepoints.
 * The caller commits or rolls back.
 */
export function transactionOn(db: Db, client: pg.PoolClient): Tx {
  const relational = {
    fullSchema: db._.fullSchema,
    schema: db._.schema as NonNullable<Db["_"]["schema"]>,
    tableNamesMap: db._.tableNamesMap,
  };
  const session = new NodePgSession(client, dialect, relational);
  return new NodePgTransaction(dialect, session, relational) as Tx;
}
