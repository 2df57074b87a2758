// The checks Vinted makes on an item body, as the sandbox understands them. The limits are
// the same reading of Vinted's rules as the engine's lint (engine/src/listings/lint*),
// which should refuse these before any request.

import { z } from "zod";
import type { FieldError } from "./answers.ts";
import type { SandboxState } from "./state.ts";

export const TITLE_MIN = 5;
export const TITLE_MAX = 100;
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const PRICE_MIN = 1;
export const PRICE_MAX = 100_000;
export const STATUS_IDS = [1, 2, 3, 4, 6]; // new without tags, very good, good, satisfactory, new with tags
export const PACKAGE_SIZE_IDS = [1, 2, 3]; // small, medium, large

const id = z.number().int().positive();

/** The `item` of the create/update body; lenient on extra fields, like the real site. */
export const itemBodySchema = z.object({
  id: z.number().int().nullable().optional(),
  title: z.string(),
  description: z.string(),
  brand_id: id.nullable().optional(),
  brand: z.string().nullable().optional(),
  size_id: id.nullable().optional(),
  catalog_id: z.number(),
  status_id: z.number(),
  color_ids: z.array(z.number()).default([]),
  price: z.union([z.number(), z.string()]),
  currency: z.string().default("EUR"),
  package_size_id: z.number(),
  isbn: z.string().nullable().optional(),
  is_unisex: z.union([z.boolean(), z.number()]).nullable().optional(),
  item_attributes: z.array(z.unknown()).optional(),
  assigned_photos: z.array(z.object({ id: z.number(), orientation: z.number().optional() })),
  shipment_prices: z.unknown().optional(),
});
export type ItemBody = z.infer<typeof itemBodySchema>;

export const uploadBodySchema = z.object({
  item: itemBodySchema,
  feedback_id: z.unknown().optional(),
  push_up: z.boolean().optional(),
  upload_session_id: z.string().optional(),
});

const OFF_PLATFORM =
  /(https?:\/\/|www\.|leboncoin|ebay|etsy|depop|whatsapp|@[a-z0-9-]+\.[a-z]{2,})/i;

/** Field errors in Vinted's `{field, value}` form; empty when the item may be saved. */
export function checkItem(item: ItemBody, userId: number, state: SandboxState): FieldError[] {
  const errors: FieldError[] = [];
  const title = item.title.trim();
  if (title.length < TITLE_MIN) {
    errors.push({ field: "title", value: `The title needs at least ${TITLE_MIN} characters` });
  }
  if (title.length > TITLE_MAX) {
    errors.push({ field: "title", value: `The title may be at most ${TITLE_MAX} characters` });
  }
  if (item.description.trim().length < DESCRIPTION_MIN) {
    errors.push({
      field: "description",
      value: `The description needs at least ${DESCRIPTION_MIN} characters`,
    });
  }
  if (item.description.length > DESCRIPTION_MAX) {
    errors.push({
      field: "description",
      value: `The description may be at most ${DESCRIPTION_MAX} characters`,
    });
  }
  if (OFF_PLATFORM.test(item.title) || OFF_PLATFORM.test(item.description)) {
    errors.push({
      field: "description",
      value: "Links, contact details and other sites are not allowed",
    });
  }
  const price = Number(item.price);
  if (!Number.isFinite(price) || price < PRICE_MIN || price > PRICE_MAX) {
    errors.push({
      field: "price",
      value: `The price must be between ${PRICE_MIN} and ${PRICE_MAX}`,
    });
  }
  if (!Number.isInteger(item.catalog_id) || item.catalog_id <= 0) {
    errors.push({ field: "catalog_id", value: "Choose a category" });
  }
  if (!STATUS_IDS.includes(item.status_id)) {
    errors.push({ field: "status_id", value: "Choose a condition" });
  }
  if (!PACKAGE_SIZE_IDS.includes(item.package_size_id)) {
    errors.push({ field: "package_size_id", value: "Choose a parcel size" });
  }
  if (item.color_ids.length > 2 || item.color_ids.some((c) => !Number.isInteger(c) || c <= 0)) {
    errors.push({ field: "color_ids", value: "Choose up to two colours" });
  }
  if (item.assigned_photos.length === 0) {
    errors.push({ field: "assigned_photos", value: "Add at least one photo" });
  }
  for (const photo of item.assigned_photos) {
    if (state.photos.get(photo.id)?.userId !== userId) {
      errors.push({ field: "assigned_photos", value: `Unknown photo ${photo.id}` });
    }
  }
  return errors;
}
