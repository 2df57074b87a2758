import { sql } from "drizzle-orm";

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const IMAGES = `coalesce((
  SELECT json_agg(json_build_object(
    'id', i.id, 'url', coalesce(i.url, '/media/' || i.storage_key), 'position', i.position
  ) ORDER BY i.position, i.id)
  FROM product_images i WHERE i.product_id = p.id), '[]'::json)`;

const LISTINGS = `coalesce((
  SELECT json_agg(json_build_object('platform', l.platform, 'state', l.state)
    ORDER BY l.platform, l.created_at)
  FROM listings l WHERE l.product_id = p.id), '[]'::json)`;

/**
 * A product as the API shows it (the `Product` schema), built by PostgreSQL for the row
 * aliased `p`: one statement returns a whole page, images and listings included, ready to
 * send. (Fetching a page's images in one grouped scan instead measured no faster.)
 */
export const PRODUCT_JSON = sql.raw(`json_build_object(
  'id', p.id, 'sku', p.sku, 'title', p.title, 'description', p.description,
  'brand', p.brand, 'category', p.category, 'size', p.size, 'colors', p.colors,
  'condition', p.condition, 'material', p.material, 'price', p.price,
  'currency', p.currency, 'quantity', p.quantity, 'images', ${IMAGES},
  'attributes', p.attributes, 'status', p.status, 'revision', p.revision,
  'listings', ${LISTINGS},
  'createdAt', ${iso("p.created_at")}, 'updatedAt', ${iso("p.updated_at")}
)`);
