// Reads what PostgreSQL holds, to compare schemas with each other and with the journals.
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import { tenant } from "../../src/index.ts";

/** Names of the tables declared in the tenant schema module. */
export const tenantTableNames: string[] = Object.values(tenant)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table as PgTable))
  .sort();

/** Columns, constraints and indexes of one schema, with the schema name blanked out. */
export async function schemaShape(pool: pg.Pool, schema: string) {
  const columns = await pool.query(
    `SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable,
            column_default, character_maximum_length, numeric_precision, numeric_scale
       FROM information_schema.columns WHERE table_schema = $1
      ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const constraints = await pool.query(
    `SELECT conrelid::regclass::text AS table_name, conname, contype,
            pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = $1 ORDER BY conname`,
    [schema],
  );
  const indexes = await pool.query(
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
    [schema],
  );
  const anonymous = JSON.stringify({
    columns: columns.rows,
    constraints: constraints.rows,
    indexes: indexes.rows,
  }).replaceAll(`${schema}.`, "<schema>.");
  return JSON.parse(anonymous) as {
    columns: { table_name: string }[];
    constraints: { contype: string }[];
    indexes: { indexname: string }[];
  };
}

export async function tablesIn(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [schema],
  );
  return rows.map((r) => r.table_name);
}

export async function tenantSchemas(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY nspname",
  );
  return rows.map((r) => r.nspname);
}

/** The tags recorded in one schema's own ledger, in order. */
export async function ledgerTags(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ tag: string }>(
    `SELECT tag FROM "${schema}".stoflow_migrations ORDER BY idx`,
  );
  return rows.map((r) => r.tag);
}
