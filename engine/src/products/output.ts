import { z } from "zod";
import { Condition, ListingState, ProductStatus } from "./input.ts";

export const ProductImage = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ description: "Remote URL, or /media/<key> for an uploaded file" }),
    position: z.number().int().meta({ description: "0 for the cover image" }),
  })
  .meta({ id: "ProductImage" });

export const ProductListing = z
  .object({ platform: z.string(), state: ListingState })
  .meta({ id: "ProductListing", description: "Where the product is listed, for status chips" });

export const Product = z
  .object({
    id: z.uuid(),
    sku: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    brand: z.string().nullable(),
    category: z.string().nullable(),
    size: z.string().nullable(),
    colors: z.array(z.string()),
    condition: Condition.nullable(),
    material: z.string().nullable(),
    price: z.number(),
    currency: z.string(),
    quantity: z.number().int(),
    images: z.array(ProductImage),
    attributes: z.record(z.string(), z.unknown()),
    status: ProductStatus,
    revision: z.number().int().meta({ description: "Bumped on every change" }),
    listings: z.array(ProductListing),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Product" });

export const ProductPage = z
  .object({
    items: z.array(Product),
    total: z.number().int().meta({ description: "Products matching the filters, all pages" }),
    page: z.number().int(),
    perPage: z.number().int(),
  })
  .meta({ id: "ProductPage" });

export type Product = z.output<typeof Product>;
