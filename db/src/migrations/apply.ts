import type pg from "pg";
import type { Migration } from "./journal.ts";

export class MigrationDriftError extends Error {
  constructor(schema: string, tag: string) {
    super(`Migration ${tag} applied to ${schema} differs from the file on disk; restore the file.`);
  }
}

export const LEDGER_TABLE = "stoflow_migrations";

const ledgerDdl = `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
  idx integer PRIMARY KEY,
  tag text NOT NULL,
  hash text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings one schema to the latest migration inside the caller's open transaction, so a
 * schema is either fully migrated or untouched. `schema` must already be a safe identifier.
 * Returns how many migrations were applied.
 */
export async function applyPending(
  client: pg.ClientBase,
  schema: string,
  migrations: Migration[],
): Promise<number> {
  await client.query("SELECT set_config('search_path', $1, true)", [`"${schema}"`]);
  await client.query(ledgerDdl);
  const { rows } = await client.query<{ idx: number; hash: string; tag: string }>(
    `SELECT idx, hash, tag FROM ${LEDGER_TABLE}`,
  );
  const applied = new Map(rows.map((r) => [r.idx, r]));
  for (const row of rows) {
    const known = migrations.find((m) => m.idx === row.idx);
    if (known && known.hash !== row.hash) throw new MigrationDriftError(schema, row.tag);
  }
  const pending = migrations.filter((m) => !applied.has(m.idx));
  for (const migration of pending) {
    await client.query(migration.sql);
  }
  if (pending.length > 0) {
    await client.query(
      `INSERT INTO ${LEDGER_TABLE} (idx, tag, hash) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`,
      [pending.map((m) => m.idx), pending.map((m) => m.tag), pending.map((m) => m.hash)],
    );
  }
  return pending.length;
}
