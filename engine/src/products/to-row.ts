import type { tenant } from "@stoflow/db";
import type { ProductPatch } from "./input.ts";

type ProductRow = Partial<typeof tenant.products.$inferInsert>;

const NULLABLE_TEXT = ["sku", "brand", "category", "size", "material"] as const;

/**
 * The columns an input writes: only the fields present. Empty optional text is stored as
 * null (so two products without SKU never collide); images are written separately.
 */
export function productColumns(input: ProductPatch): ProductRow {
  const row: ProductRow = {};
  for (const key of NULLABLE_TEXT) {
    if (input[key] !== undefined) row[key] = input[key] || null;
  }
  if (input.title !== undefined) row.title = input.title;
  if (input.description !== undefined) row.description = input.description;
  if (input.colors !== undefined) row.colors = input.colors;
  if (input.condition !== undefined) row.condition = input.condition;
  if (input.price !== undefined) row.price = input.price.toFixed(2);
  if (input.currency !== undefined) row.currency = input.currency;
  if (input.quantity !== undefined) row.quantity = input.quantity;
  if (input.attributes !== undefined) row.attributes = input.attributes;
  return row;
}
