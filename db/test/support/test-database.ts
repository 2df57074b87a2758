import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, createPool, type Db } from "../../src/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string; // set by global-setup.ts
  }
}

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  db: Db;
  drop(): Promise<void>;
}

/** A brand-new, empty database on the test server, dropped by `drop()`. */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: poolSize });
  return {
    url: url.toString(),
    pool,
    db: createDb(pool),
    async drop() {
      // pool.end() waits for checked-out clients, which a failed (e.g. deadlocked) test may
      // never release: the forced drop closes them, and the wait is capped.
      const ended = pool.end().catch(() => {});
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
      await Promise.race([ended, new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}
