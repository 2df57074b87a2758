import { defineOperation } from "../../http/operation.ts";
import { listProductsJson } from "../../products/list.ts";
import { ListQuery } from "../../products/list-query.ts";
import { ProductPage } from "../../products/output.ts";

export function productListOperation() {
  return defineOperation({
    method: "get",
    path: "/api/v1/products",
    operationId: "listProducts",
    summary: "Products, a page at a time: sorted, filtered, with the total",
    tags: ["products"],
    auth: "tenant",
    tenantTransaction: true,
    cached: true,
    query: ListQuery,
    responses: { 200: { description: "One page", schema: ProductPage } },
    // PostgreSQL already wrote the JSON: sent as is, not parsed and serialised again.
    handler: async ({ query, tx }) => ({ json: await listProductsJson(tx, query) }),
  });
}
