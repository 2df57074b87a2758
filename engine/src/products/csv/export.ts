import { type Db, withTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { COLOR_SEPARATOR, CSV_COLUMNS, IMAGE_SEPARATOR } from "./columns.ts";

const BATCH = 1000;

type ExportRow = {
  id: string;
  sku: string | null;
  title: string;
  description: string;
  brand: string | null;
  category: string | null;
  size: string | null;
  colors: string[];
  condition: string | null;
  material: string | null;
  price: string;
  currency: string;
  quantity: number;
  images: string | null;
  attributes: Record<string, unknown>;
  status: string;
  createdAt: string;
  updatedAt: string;
  cursorAt: string;
};

function toRecord(p: ExportRow): string[] {
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    sku: p.sku ?? "",
    title: p.title,
    description: p.description,
    brand: p.brand ?? "",
    category: p.category ?? "",
    size: p.size ?? "",
    colors: p.colors.join(COLOR_SEPARATOR),
    condition: p.condition ?? "",
    material: p.material ?? "",
    price: p.price,
    currency: p.currency,
    quantity: String(p.quantity),
    images: p.images ?? "",
    attributes: Object.keys(p.attributes).length ? JSON.stringify(p.attributes) : "",
    status: p.status,
    id: p.id,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
  return CSV_COLUMNS.map((c) => values[c]);
}

/**
 * Every product as CSV records, oldest first, a batch per short transaction (a slow download
 * never holds a connection). The cursor is PostgreSQL's own text for the timestamp, exact
 * to the microsecond.
 */
export async function* productCsvRecords(db: Db, tenantId: number): AsyncGenerator<string[]> {
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const rows = await withTenant(db, tenantId, async (tx) => {
      const { rows } = await tx.execute<ExportRow>(sql`
        SELECT p.id, p.sku, p.title, p.description, p.brand, p.category, p.size, p.colors,
          p.condition, p.material, p.price::text AS price, p.currency, p.quantity,
          p.attributes, p.status,
          to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
          to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
          p.created_at::text AS "cursorAt",
          (SELECT string_agg(coalesce(i.url, '/media/' || i.storage_key), ${IMAGE_SEPARATOR}
             ORDER BY i.position, i.id)
           FROM product_images i WHERE i.product_id = p.id) AS images
        FROM products p
        ${after ? sql`WHERE (p.created_at, p.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY p.created_at, p.id
        LIMIT ${BATCH}`);
      return rows;
    });
    for (const row of rows) yield toRecord(row);
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = { at: last.cursorAt, id: last.id };
  }
}
