/**
 * The CSV columns, in the order export writes them. Import accepts any subset, in any order:
 * columns present are written, columns left out are left alone on updated products.
 * - colors: joined with ", " (import splits on "," or "|")
 * - images: URLs separated by spaces; /media/... names an image the product already has
 * - attributes: a JSON object
 * The read-only columns are exported for reference and ignored on import.
 */
export const WRITABLE_COLUMNS = [
  "sku",
  "title",
  "description",
  "brand",
  "category",
  "size",
  "colors",
  "condition",
  "material",
  "price",
  "currency",
  "quantity",
  "images",
  "attributes",
] as const;
export const READ_ONLY_COLUMNS = ["status", "id", "createdAt", "updatedAt"] as const;
export const CSV_COLUMNS = [...WRITABLE_COLUMNS, ...READ_ONLY_COLUMNS];

export type WritableColumn = (typeof WRITABLE_COLUMNS)[number];

export const COLOR_SEPARATOR = ", ";
export const IMAGE_SEPARATOR = " ";
