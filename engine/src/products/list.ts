import { type Tx, tenant } from "@stoflow/db";
import { type SQL, sql } from "drizzle-orm";
import type { ListQuery } from "./list-query.ts";
import { PRODUCT_JSON } from "./product-json.ts";

const COLUMNS: Record<string, string> = {
  createdAt: "p.created_at",
  updatedAt: "p.updated_at",
  title: "p.title",
  price: "p.price",
  sku: "p.sku",
  quantity: "p.quantity",
};

/** ORDER BY from the whitelisted sort; the id breaks ties so pages never overlap. */
function orderBy(sort: string): SQL {
  const descending = sort.startsWith("-");
  const column = COLUMNS[descending ? sort.slice(1) : sort] as string;
  const direction = descending ? "DESC" : "ASC";
  return sql.raw(`${column} ${direction}, p.id ${direction}`);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filters(query: ListQuery): SQL {
  const where: SQL[] = [sql`true`];
  if (query.status) where.push(sql`p.status = ${query.status}`);
  if (query.q) {
    // The very expression of products_search_trgm_idx, so the trigram index serves it.
    where.push(sql`(${tenant.PRODUCT_SEARCH_TEXT}) ILIKE ${`%${escapeLike(query.q)}%`}`);
  }
  if (query.platform || query.listingState) {
    const listing: SQL[] = [sql`l.product_id = p.id`];
    if (query.platform) listing.push(sql`l.platform = ${query.platform}`);
    if (query.listingState) listing.push(sql`l.state = ${query.listingState}`);
    where.push(sql`EXISTS (SELECT 1 FROM listings l WHERE ${sql.join(listing, sql` AND `)})`);
  }
  return sql.join(where, sql` AND `);
}

/** Totals by status come from the trigger-kept counters; other filters count for real. */
function total(query: ListQuery, where: SQL): SQL {
  if (query.q || query.platform || query.listingState) {
    return sql`(SELECT count(*) FROM products p WHERE ${where})`;
  }
  return query.status
    ? sql`(SELECT coalesce(sum(n), 0) FROM product_counts WHERE status = ${query.status})`
    : sql`(SELECT coalesce(sum(n), 0) FROM product_counts)`;
}

/**
 * One page of products as the JSON text of a `ProductPage`, built by a single statement:
 * page, images, listings and total in one round trip, sent to the client as it comes.
 */
export async function listProductsJson(tx: Tx, query: ListQuery): Promise<string> {
  const where = filters(query);
  const order = orderBy(query.sort);
  const { rows } = await tx.execute<{ body: string }>(sql`
    WITH page AS (
      SELECT p.* FROM products p WHERE ${where}
      ORDER BY ${order} LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}
    )
    SELECT json_build_object(
      'items', coalesce((SELECT json_agg(${PRODUCT_JSON} ORDER BY ${order}) FROM page p), '[]'::json),
      'total', ${total(query, where)},
      'page', ${query.page}::int,
      'perPage', ${query.perPage}::int
    )::text AS body`);
  return (rows[0] as { body: string }).body;
}
