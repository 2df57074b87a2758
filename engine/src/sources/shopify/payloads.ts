// The webhook payloads Shopify sends (REST-shaped JSON), checked at the boundary: a delivery
// that does not match is ignored with a reason instead of failing deep inside the import.

import { z } from "zod";

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const when = z.iso.datetime({ offset: true });
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

export const RestProductSchema = z.object({
  id,
  title: z.string(),
  body_html: text,
  vendor: text,
  product_type: text,
  handle: text,
  tags: text,
  status: z.string().default("active"),
  updated_at: when,
  options: z.array(z.object({ name: z.string(), position: z.number().int() })).default([]),
  variants: z
    .array(
      z.object({
        id,
        sku: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
        title: text,
        price: z.union([z.string(), z.number()]).transform(String),
        inventory_item_id: id,
        inventory_quantity: z
          .number()
          .int()
          .nullish()
          .transform((v) => v ?? 0),
        option1: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
        option2: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
        option3: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
      }),
    )
    .default([]),
  images: z
    .array(
      z.object({
        src: z.string(),
        alt: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
      }),
    )
    .default([]),
});
export type RestProduct = z.infer<typeof RestProductSchema>;

export const RestDeletionSchema = z.object({ id });

export const RestOrderSchema = z.object({
  id,
  created_at: when,
  line_items: z.array(
    z.object({
      product_id: id.nullish(),
      variant_id: id.nullish(),
      quantity: z.number().int().positive(),
    }),
  ),
});

export const InventoryLevelSchema = z.object({
  inventory_item_id: id,
  available: z.number().int().nullable(),
  updated_at: when,
});
