import { tenant } from "@stoflow/db";
import { z } from "zod";
import { isImageRef } from "./image-ref.ts";

export const MAX_IMAGES_PER_PRODUCT = 20;
export const MAX_ATTRIBUTES_BYTES = 16_384;
export const MAX_PRICE = 99_999_999.99;

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

const text = (max: number) => z.string().trim().max(max);
/** Optional text the seller may clear with null (or an empty string, stored as null). */
const optionalText = (max: number) => text(max).nullable().optional();

export const Sku = text(64).meta({ example: "JEAN-501-W32" });
export const Price = z
  .number()
  .min(0)
  .max(MAX_PRICE)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, {
    error: "A price has at most 2 decimals.",
  })
  .meta({ example: 24.9 });
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), {
    error: "Not an ISO 4217 currency code (e.g. EUR).",
  })
  .meta({ description: "ISO 4217 code; EUR when omitted on creation", example: "EUR" });
export const Condition = z.enum(tenant.CONDITIONS);
export const ProductStatus = z.enum(tenant.PRODUCT_STATUSES);
export const ListingState = z.enum(tenant.LISTING_STATES);

export const ImageRef = z
  .string()
  .max(2048)
  .refine(isImageRef, {
    error:
      "An image is an https:// URL (http:// only for localhost) or a /media/ path of this product.",
  })
  .meta({
    description:
      "A remote image URL, or the `url` of an image already uploaded to this product (kept as is)",
  });

export const Attributes = z
  .record(z.string().max(100), z.unknown())
  .refine((a) => Buffer.byteLength(JSON.stringify(a)) <= MAX_ATTRIBUTES_BYTES, {
    error: `Attributes take at most ${MAX_ATTRIBUTES_BYTES} bytes of JSON.`,
  })
  .meta({ description: "Free JSON object (marketplace-specific details)" });

const fields = {
  sku: Sku.nullable().optional(),
  title: text(200).min(1, { error: "A product needs a title." }),
  description: text(10_000).optional(),
  brand: optionalText(100),
  category: optionalText(200),
  size: optionalText(50),
  colors: z.array(text(40).min(1)).max(10).optional(),
  condition: Condition.nullable().optional(),
  material: optionalText(100),
  price: Price,
  currency: Currency.optional(),
  quantity: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .meta({ description: "1 when omitted" }),
  images: z
    .array(ImageRef)
    .max(MAX_IMAGES_PER_PRODUCT)
    .optional()
    .meta({ description: "Ordered; on update, the complete new list" }),
  attributes: Attributes.optional(),
};

/** What a seller sends to create a product (the API body and each CSV row). */
export const ProductInput = z.strictObject(fields).meta({ id: "ProductInput" });
/** A partial update: only the fields sent change. */
export const ProductPatch = z.strictObject(fields).partial().meta({ id: "ProductPatch" });

export type ProductInput = z.output<typeof ProductInput>;
export type ProductPatch = z.output<typeof ProductPatch>;
