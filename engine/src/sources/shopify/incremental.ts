// Incremental sync: products changed since a time, through the paged products query
// (`updated_at:>=` search, oldest change first), a product's extra variants fetched when it
// has more than the page asks for.

import type { ImportCursor, ImportPage } from "../source.ts";
import type { ShopifyClient } from "./client.ts";
import { CHANGED_PRODUCTS, MORE_VARIANTS } from "./queries.ts";
import { type GqlMedia, type GqlProduct, type GqlVariant, toSourceProduct } from "./to-product.ts";

/** 20 products x (10 variants + 5 media) is about 500 of the 1,000 points one query may cost. */
export const CHANGED_PAGE_SIZE = 20;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

type ChangedNode = GqlProduct & {
  variants: { pageInfo: PageInfo; nodes: GqlVariant[] };
  media: { nodes: GqlMedia[] };
};

async function allVariants(client: ShopifyClient, node: ChangedNode, signal?: AbortSignal) {
  const variants = [...node.variants.nodes];
  let page = node.variants.pageInfo;
  while (page.hasNextPage) {
    const data = await client.request<{
      product: { variants: { pageInfo: PageInfo; nodes: GqlVariant[] } } | null;
    }>(MORE_VARIANTS, { id: node.id, after: page.endCursor }, signal);
    if (!data.product) break; // deleted meanwhile: its webhook says so
    variants.push(...data.product.variants.nodes);
    page = data.product.variants.pageInfo;
  }
  return variants;
}

export async function readChangedPage(
  client: ShopifyClient,
  cursor: ImportCursor,
  since: Date,
  signal?: AbortSignal,
): Promise<ImportPage> {
  const after = typeof cursor.after === "string" ? cursor.after : null;
  const data = await client.request<{ products: { pageInfo: PageInfo; nodes: ChangedNode[] } }>(
    CHANGED_PRODUCTS,
    { first: CHANGED_PAGE_SIZE, after, query: `updated_at:>='${since.toISOString()}'` },
    signal,
  );
  const products = [];
  for (const node of data.products.nodes) {
    products.push(toSourceProduct(node, await allVariants(client, node, signal), node.media.nodes));
  }
  const { hasNextPage, endCursor } = data.products.pageInfo;
  return { products, failures: [], next: hasNextPage && endCursor ? { after: endCursor } : null };
}
