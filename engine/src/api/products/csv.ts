import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { queueListingUpdates } from "../../listings/updates.ts";
import { CSV_COLUMNS } from "../../products/csv/columns.ts";
import { productCsvRecords } from "../../products/csv/export.ts";
import { importProductsCsv } from "../../products/csv/import.ts";
import { discardImages } from "../../products/storage/discard.ts";
import { imageStorageFor } from "../../products/storage/image-storage.ts";
import { MAX_CSV_BYTES, readCsvBody } from "./csv-body.ts";

const ImportReport = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().meta({ description: "Row in the file; the header is row 1" }),
        field: z.string().nullable(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "ImportReport" });

export function productCsvOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/products/export",
      operationId: "exportProducts",
      summary: "Every product as CSV (the columns import reads)",
      tags: ["products"],
      auth: "tenant",
      responses: {
        200: { description: "CSV, UTF-8", contentType: "text/csv", schema: z.string() },
      },
      handler: async ({ auth, res }) => {
        res.status(200);
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", 'attachment; filename="products.csv"');
        const csv = stringify({ header: true, columns: CSV_COLUMNS, bom: true });
        try {
          await pipeline(
            Readable.from(productCsvRecords(ctx.database.db, auth.tenantId)),
            csv,
            res,
          );
        } catch (error) {
          if (!res.headersSent) throw error;
          ctx.log.warn({ err: error }, "CSV export interrupted");
          res.destroy(); // a cut file is better noticed than a silently short one
        }
        return {};
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/products/import",
      operationId: "importProducts",
      summary: "Create or update (by SKU) products from CSV; bad rows are reported, the rest kept",
      tags: ["products"],
      auth: "tenant",
      rawBody: {
        contentType: "text/csv",
        schema: z.string().meta({
          description: `At most ${MAX_CSV_BYTES / 1024 / 1024} MB; header row with the export's column names`,
        }),
      },
      responses: {
        200: { description: "What was created, updated and refused", schema: ImportReport },
        413: { description: "The file is too large" },
      },
      handler: async ({ auth, req, res }) => {
        const text = await readCsvBody(req, res);
        const { report, removedKeys } = await importProductsCsv(
          ctx.database.db,
          auth.tenantId,
          text,
          ctx.log,
          // Rows that change what a marketplace shows update the live listings.
          (tx, productId) =>
            queueListingUpdates(ctx.publishing?.requester.boss, tx, auth.tenantId, [productId]),
        );
        await discardImages(imageStorageFor(ctx.config), removedKeys, ctx.log);
        return { body: report };
      },
    }),
  ];
}
