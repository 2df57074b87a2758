import { withTenant } from "@stoflow/db";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { listProductsJson } from "../../products/list.ts";
import { ListQuery } from "../../products/list-query.ts";
import { ProductPage } from "../../products/output.ts";

export function productListOperation(ctx: EngineContext) {
  return defineOperation({
    method: "get",
    path: "/api/v1/products",
    operationId: "listProducts",
    summary: "Products, a page at a time: sorted, filtered, with the total",
    tags: ["products"],
    auth: "tenant",
    query: ListQuery,
    responses: { 200: { description: "One page", schema: ProductPage } },
    handler: async ({ auth, query, res }) => {
      const json = await withTenant(ctx.database.db, auth.tenantId, (tx) =>
        listProductsJson(tx, query),
      );
      // PostgreSQL already wrote the JSON: sent as is, not parsed and serialised again.
      res.type("application/json").send(json);
      return {};
    },
  });
}
