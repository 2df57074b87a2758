import type { WritableColumn } from "./columns.ts";

const NUMBER = /^\d+(?:[.,]\d+)?$/;
const INTEGER = /^\d+$/;

const blankToNull = (cell: string) => (cell.trim() === "" ? null : cell.trim());
const blankToUndefined = (cell: string) => (cell.trim() === "" ? undefined : cell.trim());

function json(cell: string): unknown {
  if (cell.trim() === "") return {};
  try {
    return JSON.parse(cell);
  } catch {
    return cell; // the schema then says it is not an object
  }
}

/**
 * Text cells to the API's field types; anything that does not convert stays a string so the
 * API schema reports it with its usual message. An empty cell clears an optional field and
 * means "not given" for title, price, currency and quantity.
 */
const CONVERT: Record<WritableColumn, (cell: string) => unknown> = {
  sku: blankToNull,
  title: (cell) => cell.trim(),
  description: (cell) => cell,
  brand: blankToNull,
  category: blankToNull,
  size: blankToNull,
  colors: (cell) =>
    cell
      .split(/[,|]/)
      .map((c) => c.trim())
      .filter(Boolean),
  condition: blankToNull,
  material: blankToNull,
  price: (cell) => {
    const v = cell.trim();
    if (v === "") return undefined;
    return NUMBER.test(v) ? Number(v.replace(",", ".")) : v;
  },
  currency: blankToUndefined,
  quantity: (cell) => {
    const v = cell.trim();
    if (v === "") return undefined;
    return INTEGER.test(v) ? Number(v) : v;
  },
  images: (cell) => cell.split(/\s+/).filter(Boolean),
  attributes: json,
};

/** One CSV record as the body the API would have received. */
export function recordToInput(
  columns: (WritableColumn | null)[],
  cells: string[],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    if (!column) return; // a read-only column
    const value = CONVERT[column](cells[i] ?? "");
    if (value !== undefined) input[column] = value;
  });
  return input;
}
