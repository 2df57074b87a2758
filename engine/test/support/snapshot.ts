import { tenantSchema } from "@stoflow/db";
import type pg from "pg";

/** Row count and content hash of every table of the control plane and one tenant. */
export async function snapshotDatabase(
  pool: pg.Pool,
  tenantId: number,
): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_schema IN ('public', $1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [tenantSchema(tenantId)],
  );
  const snapshot: Record<string, string> = {};
  for (const { schema, name } of tables) {
    const { rows } = await pool.query<{ n: string; h: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${schema}"."${name}" t`,
    );
    snapshot[`${schema}.${name}`] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return snapshot;
}
