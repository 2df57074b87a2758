import { withTenant } from "@stoflow/db";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { queueListingUpdates, showsOnListings } from "../../listings/updates.ts";
import { changedFields } from "../../products/changes.ts";
import { createProduct } from "../../products/create.ts";
import { ProductInput, ProductPatch } from "../../products/input.ts";
import { Product } from "../../products/output.ts";
import {
  deleteProducts,
  findProduct,
  lockProduct,
  updateProduct,
} from "../../products/repository.ts";
import { discardImages } from "../../products/storage/discard.ts";
import { imageStorageFor } from "../../products/storage/image-storage.ts";
import { ProductIdParam } from "./schemas.ts";

const notFound = () => problems.notFound("Product");

export function productCrudOperations(ctx: EngineContext) {
  const db = () => ctx.database.db;
  return {
    create: defineOperation({
      method: "post",
      path: "/api/v1/products",
      operationId: "createProduct",
      summary: "Create a product",
      tags: ["products"],
      auth: "tenant",
      body: ProductInput,
      responses: {
        201: { description: "Created; the stored product", schema: Product },
        402: { description: "The plan's product limit is reached" },
        409: { description: "Another product has this SKU" },
      },
      handler: async ({ auth, body }) => ({
        status: 201,
        body: await createProduct(db(), auth.tenantId, body),
      }),
    }),
    get: defineOperation({
      method: "get",
      path: "/api/v1/products/{id}",
      operationId: "getProduct",
      summary: "One product, with its images and listings",
      tags: ["products"],
      auth: "tenant",
      params: ProductIdParam,
      responses: { 200: { description: "The product", schema: Product } },
      handler: async ({ auth, params }) => {
        const product = await withTenant(db(), auth.tenantId, (tx) => findProduct(tx, params.id));
        if (!product) throw notFound();
        return { body: product };
      },
    }),
    update: defineOperation({
      method: "patch",
      path: "/api/v1/products/{id}",
      operationId: "updateProduct",
      summary: "Change some fields of a product (its revision goes up)",
      tags: ["products"],
      auth: "tenant",
      params: ProductIdParam,
      body: ProductPatch,
      responses: {
        200: { description: "The updated product", schema: Product },
        409: { description: "Another product has this SKU" },
      },
      handler: async ({ auth, params, body }) => {
        const outcome = await withTenant(db(), auth.tenantId, async (tx) => {
          if (!(await lockProduct(tx, params.id))) return undefined;
          const before = (await findProduct(tx, params.id)) as Product;
          const removed = await updateProduct(tx, params.id, body);
          // What the marketplaces show changed: their items follow (PATCH with the same
          // values changes nothing there).
          if (removed && showsOnListings(changedFields(before, body))) {
            await queueListingUpdates(ctx.publishing?.requester.boss, tx, auth.tenantId, [
              params.id,
            ]);
          }
          return removed && { removed, product: await findProduct(tx, params.id) };
        });
        if (!outcome?.product) throw notFound();
        await discardImages(imageStorageFor(ctx.config), outcome.removed, ctx.log);
        return { body: outcome.product };
      },
    }),
    remove: defineOperation({
      method: "delete",
      path: "/api/v1/products/{id}",
      operationId: "deleteProduct",
      summary: "Delete a product, its images and its listings",
      tags: ["products"],
      auth: "tenant",
      params: ProductIdParam,
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        const { affected, storageKeys } = await withTenant(db(), auth.tenantId, (tx) =>
          deleteProducts(tx, [params.id]),
        );
        if (affected === 0) throw notFound();
        await discardImages(imageStorageFor(ctx.config), storageKeys, ctx.log);
        return { status: 204 };
      },
    }),
  };
}
