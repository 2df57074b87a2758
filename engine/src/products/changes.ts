import { isDeepStrictEqual } from "node:util";
import type { ProductPatch } from "./input.ts";
import type { Product } from "./output.ts";
import { productColumns } from "./to-row.ts";

/**
 * The part of a patch that would change the product. Re-importing an unchanged file must not
 * bump revisions: a new revision means "publish again" to every marketplace.
 */
export function changedFields(product: Product, patch: ProductPatch): ProductPatch {
  const columns = productColumns(patch) as Record<string, unknown>;
  const current = product as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "images") {
      if (
        !isDeepStrictEqual(
          product.images.map((i) => i.url),
          value,
        )
      )
        changed[key] = value;
    } else if (key === "price") {
      if (Math.round(product.price * 100) !== Math.round((value as number) * 100)) {
        changed[key] = value;
      }
    } else if (!isDeepStrictEqual(current[key], columns[key])) {
      changed[key] = value;
    }
  }
  return changed as ProductPatch;
}
