// The parts of WooCommerce's REST v3 answers Stoflow reads, checked at the boundary.
import { z } from "zod";

const term = z.object({ id: z.number(), name: z.string(), slug: z.string().optional() });
const image = z.object({
  id: z.number().optional(),
  src: z.string(),
  alt: z.string().nullish(),
  position: z.number().optional(),
});
const money = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? "" : String(v)));
const stock = {
  manage_stock: z.union([z.boolean(), z.literal("parent")]).nullish(),
  stock_quantity: z.number().nullish(),
  stock_status: z.string().nullish(),
};

export const wcProduct = z.object({
  id: z.number(),
  name: z.string().default(""),
  slug: z.string().nullish(),
  type: z.string().default("simple"),
  status: z.string().default("publish"),
  sku: z.string().nullish(),
  description: z.string().nullish(),
  short_description: z.string().nullish(),
  price: money,
  regular_price: money,
  sale_price: money,
  ...stock,
  categories: z.array(term).default([]),
  tags: z.array(term).default([]),
  images: z.array(image).default([]),
  attributes: z
    .array(
      z.object({
        id: z.number().optional(),
        name: z.string(),
        variation: z.boolean().optional(),
        options: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  variations: z.array(z.number()).default([]),
  date_modified_gmt: z.string().nullish(),
  date_created_gmt: z.string().nullish(),
  weight: z.string().nullish(),
});
export type WcProductIn = z.infer<typeof wcProduct>;

export const wcVariation = z.object({
  id: z.number(),
  sku: z.string().nullish(),
  price: money,
  regular_price: money,
  ...stock,
  image: image.nullish(),
  attributes: z.array(z.object({ name: z.string(), option: z.string() })).default([]),
  date_modified_gmt: z.string().nullish(),
});
export type WcVariationIn = z.infer<typeof wcVariation>;

export const wcOrder = z.object({
  id: z.number(),
  status: z.string().default("processing"),
  date_created_gmt: z.string().nullish(),
  date_modified_gmt: z.string().nullish(),
  line_items: z
    .array(
      z.object({
        product_id: z.number(),
        variation_id: z.number().nullish(),
        quantity: z.number(),
      }),
    )
    .default([]),
});
