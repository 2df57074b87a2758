import pg from "pg";
import { tenantSchema } from "../../db/src/index.ts";

const TITLES = ["Jean", "Robe", "Veste", "Pull", "Chemise", "Manteau", "Jupe", "Baskets"];
const BRANDS = ["Levi's", "Zara", "Sézane", "Petit Bateau", "Kiabi", "Nike", "Maje", "Uniqlo"];
const STATUSES = ["draft", "active", "sold", "archived"];

const arr = (values: string[]) =>
  `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;

/** Fills a tenant with `count` varied products in one statement, then refreshes statistics. */
export async function seedProducts(url: string, tenantId: number, count: number): Promise<void> {
  const schema = tenantSchema(tenantId);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `
      INSERT INTO "${schema}".products
        (sku, title, brand, size, colors, condition, price, quantity, status, created_at)
      SELECT 'SKU-' || g,
             (${arr(TITLES)})[1 + g % 8] || ' ' || (${arr(BRANDS)})[1 + (g / 8) % 8] || ' #' || g,
             (${arr(BRANDS)})[1 + (g / 8) % 8],
             (ARRAY['XS','S','M','L','XL'])[1 + g % 5],
             ARRAY['blue'],
             'very_good',
             round((5 + (g * 37) % 300 + (g % 100) / 100.0)::numeric, 2),
             1 + g % 3,
             (${arr(STATUSES)})[1 + g % 4],
             now() - make_interval(secs => g)
      FROM generate_series(1, $1::int) AS g`,
      [count],
    );
    await client.query(`ANALYZE "${schema}".products`);
  } finally {
    await client.end();
  }
}
