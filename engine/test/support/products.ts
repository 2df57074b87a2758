import { tenantSchema } from "@stoflow/db";
import { expect } from "vitest";
import { request, type TestEngine } from "./engine.ts";

export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from("JFIF\0", "binary"),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
export const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from("WEBPVP8 "),
  Buffer.alloc(32, 2),
]);

/** Creates a product through the API and returns the stored product. */
export async function createProduct(
  engine: TestEngine,
  token: string,
  fields: Record<string, unknown> = {},
) {
  const res = await request(engine, "POST", "/api/v1/products", {
    token,
    body: { title: "Jean Levi's 501", price: 25, ...fields },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A listing row for a product, as the publication pipeline will write them. */
export async function addListing(
  engine: TestEngine,
  tenantId: number,
  productId: string,
  platform: string,
  state: string,
): Promise<void> {
  const schema = tenantSchema(tenantId);
  const { rows } = await engine.database.pool.query(
    `INSERT INTO "${schema}".channel_accounts (platform, domain, external_user_id)
     VALUES ($1, $1, $1) ON CONFLICT (platform, domain, external_user_id)
     DO UPDATE SET platform = EXCLUDED.platform RETURNING id`,
    [platform],
  );
  await engine.database.pool.query(
    `INSERT INTO "${schema}".listings (product_id, channel_account_id, platform, state)
     VALUES ($1, $2, $3, $4)`,
    [productId, rows[0].id, platform, state],
  );
  // Written straight to the database, as another process would: the list cache learns of it
  // by notification; wait until it has, as the API does after its own writes.
  await engine.ctx.caches?.feed.barrier();
}

/** A multipart body with the given files in the field `images`. */
export function imageForm(...files: { data: Buffer; name: string; type?: string }[]): FormData {
  const form = new FormData();
  for (const f of files) {
    form.append(
      "images",
      new Blob([f.data], { type: f.type ?? "application/octet-stream" }),
      f.name,
    );
  }
  return form;
}
