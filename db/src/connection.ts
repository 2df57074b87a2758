import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as control from "./schema/control.ts";
import * as tenant from "./schema/tenant.ts";

export const schema = { ...control, ...tenant };
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

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
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on("error", () => {});
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return drizzle({ client: pool, schema, casing: "snake_case" });
}
