// Full and incremental imports: /products 100 at a time in id order (stable while the shop
// changes), with each variable product's variations; the page number is the cursor.
import { retrying } from "../retry.ts";
import type { ImportPage, PageRequest, SourceProduct } from "../source.ts";
import { SourceError } from "../source.ts";
import type { WooClient } from "./client.ts";
import { type WcProductIn, type WcVariationIn, wcProduct, wcVariation } from "./schemas.ts";
import { toSourceProduct } from "./to-product.ts";

export const PER_PAGE = 100;

/** Runs `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function readVariations(
  client: WooClient,
  productId: number,
  signal?: AbortSignal,
): Promise<WcVariationIn[]> {
  const all: WcVariationIn[] = [];
  for (let page = 1; ; page++) {
    const res = await retrying(
      () => client.get<unknown>(`products/${productId}/variations`, { per_page: PER_PAGE, page }),
      { signal },
    );
    const parsed = wcVariation.array().safeParse(res.data);
    if (!parsed.success)
      throw new SourceError("The shop's variations answer is not what WooCommerce sends.", {
        kind: "retryable",
      });
    all.push(...parsed.data);
    if (page >= Number(res.headers["x-wp-totalpages"] ?? 1)) return all;
  }
}

/** A variable product with its variations, or the reason it could not be read. */
export async function withVariations(
  client: WooClient,
  p: WcProductIn,
  signal?: AbortSignal,
): Promise<SourceProduct | { ref: string; message: string }> {
  if (p.type !== "variable" || p.variations.length === 0) return toSourceProduct(p, []);
  try {
    return toSourceProduct(p, await readVariations(client, p.id, signal));
  } catch (error) {
    if (error instanceof SourceError && error.kind === "auth") throw error;
    return {
      ref: String(p.id),
      message: `Variations could not be read: ${(error as Error).message}`,
    };
  }
}

export async function readPage(
  client: WooClient,
  request: PageRequest,
  concurrency: number,
): Promise<ImportPage> {
  const page = Number(request.cursor.page ?? 1);
  const params: Record<string, unknown> = {
    per_page: PER_PAGE,
    page,
    orderby: "id",
    order: "asc",
    status: "any",
  };
  if (request.kind === "incremental" && request.since) {
    params.modified_after = request.since.toISOString().slice(0, 19);
    params.dates_are_gmt = true;
  }
  let res: Awaited<ReturnType<WooClient["get"]>>;
  try {
    res = await client.get<unknown>("products", params);
  } catch (error) {
    // Past the last page (the catalog shrank while a run was stopped): the run is over.
    if (error instanceof SourceError && error.status === 400 && page > 1)
      return { products: [], failures: [], next: null };
    throw error;
  }
  if (!Array.isArray(res.data))
    throw new SourceError("The shop's product list is not what WooCommerce sends.", {
      kind: "retryable",
    });
  const failures: ImportPage["failures"] = [];
  const parsed: WcProductIn[] = [];
  for (const raw of res.data) {
    const one = wcProduct.safeParse(raw);
    if (one.success) parsed.push(one.data);
    else
      failures.push({
        ref: String((raw as { id?: unknown })?.id ?? "?"),
        message: "The product is not what WooCommerce sends.",
      });
  }
  const read = await mapLimit(parsed, concurrency, (p) =>
    withVariations(client, p, request.signal),
  );
  const products: SourceProduct[] = [];
  for (const r of read) {
    if ("updatedAt" in r) products.push(r);
    else failures.push(r);
  }
  const totalPages = Number(res.headers["x-wp-totalpages"] ?? 0);
  const total = Number(res.headers["x-wp-total"]);
  return {
    products,
    failures,
    next: page < totalPages ? { page: page + 1 } : null,
    ...(Number.isFinite(total) ? { total } : {}),
  };
}
