import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { STORAGE_KEY } from "../../products/image-ref.ts";
import { imageStorageFor } from "../../products/storage/image-storage.ts";

/** Uploaded images, public by their unguessable key (marketplaces and shops fetch them). */
export function mediaOperation(ctx: EngineContext) {
  return defineOperation({
    method: "get",
    path: "/media/{key}",
    operationId: "getMedia",
    summary: "An uploaded image (the `url` of a product image)",
    tags: ["products"],
    auth: "none",
    params: z.strictObject({ key: z.string().regex(STORAGE_KEY, { error: "Not a media key." }) }),
    responses: {
      200: {
        description: "The image",
        contentType: "image/*",
        schema: z.string().meta({ format: "binary" }),
      },
    },
    handler: async ({ params, res }) => {
      const image = await imageStorageFor(ctx.config).get(params.key);
      if (!image) throw problems.notFound("Image");
      res.status(200);
      res.setHeader("Content-Type", image.contentType);
      res.setHeader("Content-Length", String(image.bytes));
      // The key changes whenever the content would: cache for good, from any origin.
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      await pipeline(image.body, res).catch((error) => {
        if (!res.headersSent) throw error;
        res.destroy(); // the client went away mid-file
      });
      return {};
    },
  });
}
