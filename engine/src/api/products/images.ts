import { type Tx, withTenant } from "@stoflow/db";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { queueListingUpdates } from "../../listings/updates.ts";
import { sniffImageType } from "../../products/image-type.ts";
import {
  appendUploads,
  removeImage,
  reorderImages,
  type UploadedImage,
} from "../../products/images.ts";
import { MAX_IMAGES_PER_PRODUCT } from "../../products/input.ts";
import { Product } from "../../products/output.ts";
import { findProduct, lockProduct, touchProduct } from "../../products/repository.ts";
import { discardImages } from "../../products/storage/discard.ts";
import { imageStorageFor, newStorageKey } from "../../products/storage/image-storage.ts";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, readImageFiles } from "./multipart.ts";
import { ImageIdParams, ProductIdParam } from "./schemas.ts";

const notFound = () => problems.notFound("Product");

export function productImageOperations(ctx: EngineContext) {
  const db = () => ctx.database.db;
  // The photos are part of every listing: live listings get an update at the new revision.
  const photosChanged = (tx: Tx, tenantId: number, productId: string) =>
    queueListingUpdates(ctx.publishing?.requester.boss, tx, tenantId, [productId]);
  const storage = () => imageStorageFor(ctx.config);
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/products/{id}/images",
      operationId: "uploadProductImages",
      summary: "Upload images (JPEG, PNG or WebP), added after the product's current images",
      tags: ["products"],
      auth: "tenant",
      params: ProductIdParam,
      rawBody: {
        contentType: "multipart/form-data",
        schema: z.object({
          images: z
            .array(z.string().meta({ format: "binary" }))
            .max(MAX_UPLOAD_FILES)
            .meta({
              description: `Up to ${MAX_UPLOAD_FILES} files of at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
            }),
        }),
      },
      responses: {
        201: { description: "Stored; the product with its images", schema: Product },
        413: { description: "A file is too large" },
        415: { description: "A file is not a JPEG, PNG or WebP image" },
      },
      handler: async ({ auth, params, req, res }) => {
        const files = await readImageFiles(req, res);
        const uploads: (UploadedImage & { data: Buffer })[] = files.map((file) => {
          // The bytes decide, not the file name or the declared type.
          const type = sniffImageType(file.buffer);
          if (!type) {
            throw new HttpProblem(415, "unsupported-image-type", "Unsupported image type", {
              detail: `"${file.originalname}" is not a JPEG, PNG or WebP image.`,
            });
          }
          const key = newStorageKey(type);
          return { key, contentType: type.contentType, bytes: file.size, data: file.buffer };
        });
        const stored: string[] = [];
        try {
          const product = await withTenant(db(), auth.tenantId, async (tx) => {
            if (!(await lockProduct(tx, params.id))) throw notFound();
            await appendUploads(tx, params.id, uploads);
            for (const upload of uploads) {
              await storage().put(upload.key, upload.data, upload.contentType);
              stored.push(upload.key);
            }
            await touchProduct(tx, params.id);
            await photosChanged(tx, auth.tenantId, params.id);
            return findProduct(tx, params.id);
          });
          return { status: 201, body: product };
        } catch (error) {
          await discardImages(storage(), stored, ctx.log);
          throw error;
        }
      },
    }),
    defineOperation({
      method: "put",
      path: "/api/v1/products/{id}/images/order",
      operationId: "reorderProductImages",
      summary: "Put the product's images in a new order (the first is the cover)",
      tags: ["products"],
      auth: "tenant",
      params: ProductIdParam,
      body: z.strictObject({
        imageIds: z
          .array(z.uuid({ error: "Not a valid id." }))
          .max(MAX_IMAGES_PER_PRODUCT)
          .meta({ description: "Every image id of the product, once each, in the new order" }),
      }),
      responses: { 200: { description: "The product, images reordered", schema: Product } },
      handler: async ({ auth, params, body }) => {
        const product = await withTenant(db(), auth.tenantId, async (tx) => {
          if (!(await lockProduct(tx, params.id))) throw notFound();
          await reorderImages(tx, params.id, body.imageIds);
          await touchProduct(tx, params.id);
          await photosChanged(tx, auth.tenantId, params.id);
          return findProduct(tx, params.id);
        });
        return { body: product };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/products/{id}/images/{imageId}",
      operationId: "deleteProductImage",
      summary: "Remove one image of a product",
      tags: ["products"],
      auth: "tenant",
      params: ImageIdParams,
      responses: { 204: { description: "Removed; the others move up" } },
      handler: async ({ auth, params }) => {
        const removed = await withTenant(db(), auth.tenantId, async (tx) => {
          if (!(await lockProduct(tx, params.id))) throw notFound();
          const image = await removeImage(tx, params.id, params.imageId);
          if (!image) throw problems.notFound("Image");
          await touchProduct(tx, params.id);
          await photosChanged(tx, auth.tenantId, params.id);
          return image;
        });
        if (removed.storageKey) await discardImages(storage(), [removed.storageKey], ctx.log);
        return { status: 204 };
      },
    }),
  ];
}
