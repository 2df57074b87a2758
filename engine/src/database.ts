import {
  createDb,
  createPool,
  type Db,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from "@stoflow/db";
import type pg from "pg";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";

export interface Database {
  pool: pg.Pool;
  db: Db;
  /** Set when the engine runs its own PostgreSQL (no DATABASE_URL). */
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

/** DATABASE_URL when given, else a real PostgreSQL started under the data directory. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        log: (line) => log.debug({ component: "postgres" }, line),
      });
  const url = config.databaseUrl ?? (embedded as EmbeddedPostgres).url;
  const pool = createPool(url, { max: config.databasePoolSize });
  return {
    pool,
    db: createDb(pool),
    embedded,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
