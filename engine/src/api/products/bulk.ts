import { withTenant } from "@stoflow/db";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { queueListingUpdates } from "../../listings/updates.ts";
import { BulkAction, runBulkAction } from "../../products/bulk.ts";
import { discardImages } from "../../products/storage/discard.ts";
import { imageStorageFor } from "../../products/storage/image-storage.ts";
import { Affected } from "./schemas.ts";

export function productBulkOperation(ctx: EngineContext) {
  return defineOperation({
    method: "post",
    path: "/api/v1/products/bulk",
    operationId: "bulkProducts",
    summary: "Delete, set the price of, or set the status of many products at once",
    tags: ["products"],
    auth: "tenant",
    body: BulkAction,
    responses: { 200: { description: "Done, all or nothing", schema: Affected } },
    handler: async ({ auth, body }) => {
      const { affected, storageKeys } = await withTenant(
        ctx.database.db,
        auth.tenantId,
        async (tx) => {
          const done = await runBulkAction(tx, body);
          // A new price shows on the marketplaces: their items follow.
          if (body.action === "setPrice") {
            await queueListingUpdates(ctx.publishing?.requester.boss, tx, auth.tenantId, body.ids);
          }
          return done;
        },
      );
      await discardImages(imageStorageFor(ctx.config), storageKeys, ctx.log);
      return { body: { affected } };
    },
  });
}
