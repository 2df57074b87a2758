// Shopify's search syntax for the `query` argument, the part a catalog sync uses:
// `updated_at:>'2026-01-01T00:00:00Z'`, `created_at:<=...`, `status:active`, joined by
// spaces or AND. Unknown terms are ignored, as Shopify does (it only warns).

export interface SearchFilter {
  field: string;
  op: ">" | ">=" | "<" | "<=" | "=";
  value: string;
}

const TERM = /([a-z_]+):(>=|<=|>|<)?('([^']*)'|"([^"]*)"|(\S+))/g;

export function parseSearch(query: string | null | undefined): SearchFilter[] {
  if (!query) return [];
  const filters: SearchFilter[] = [];
  for (const match of query.matchAll(TERM)) {
    const value = match[4] ?? match[5] ?? match[6] ?? "";
    filters.push({ field: match[1] as string, op: (match[2] as SearchFilter["op"]) ?? "=", value });
  }
  return filters;
}

function compare(actual: number, op: SearchFilter["op"], wanted: number): boolean {
  switch (op) {
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

/** True when `fields` passes every filter it knows; dates compare as instants. */
export function matches(
  filters: SearchFilter[],
  fields: Record<string, Date | string | undefined>,
): boolean {
  return filters.every((f) => {
    const actual = fields[f.field];
    if (actual === undefined) return true;
    if (actual instanceof Date) {
      const wanted = Date.parse(f.value);
      return Number.isNaN(wanted) || compare(actual.getTime(), f.op, wanted);
    }
    return actual.toLowerCase() === f.value.toLowerCase();
  });
}
