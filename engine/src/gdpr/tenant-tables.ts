import { type Tx, tenantSchema } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { toCamelCase } from "drizzle-orm/casing";

// Credentials and secrets stay behind: an export is a file a seller e-mails around.
const SECRET_COLUMN = /(^|_)(ciphertext|secret|hash|token|password)$/;
// The migration ledger is bookkeeping, not the seller's data.
const SKIPPED_TABLES = new Set(["stoflow_migrations"]);

export interface ExportedTable {
  key: string; // camelCase, as the archive names it
  /** SELECT producing one JSON text per row, camelCase keys, secret columns left out. */
  query: string;
  omitted: string[];
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every table of the tenant's schema, read from PostgreSQL's catalog rather than from the
 * drizzle module, so a table added by any migration is exported without anyone remembering to.
 */
export async function exportedTenantTables(tx: Tx, tenantId: number): Promise<ExportedTable[]> {
  const schema = tenantSchema(tenantId);
  const { rows } = await tx.execute<{ table: string; column: string; type: string }>(sql`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, NULL) AS "type"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, { kept: string[]; omitted: string[] }>();
  for (const { table, column, type } of rows) {
    if (SKIPPED_TABLES.has(table)) continue;
    const entry = tables.get(table) ?? { kept: [], omitted: [] };
    tables.set(table, entry);
    if (SECRET_COLUMN.test(column) || type === "bytea") entry.omitted.push(column);
    else entry.kept.push(column);
  }
  return [...tables].map(([table, { kept, omitted }]) => {
    const columns = kept.map((c) => `${ident(c)} AS ${ident(toCamelCase(c))}`).join(", ");
    return {
      key: toCamelCase(table),
      query: `SELECT row_to_json(r)::text AS row FROM (SELECT ${columns} FROM ${ident(schema)}.${ident(table)}) r`,
      omitted: omitted.map(toCamelCase),
    };
  });
}
