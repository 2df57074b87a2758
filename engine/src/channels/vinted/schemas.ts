// The parts of Vinted's answers the channel relies on; anything else may change freely.

import { z } from "zod";

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

/** "25.0", 25 or {amount: "25.0", currency_code: "EUR"} as "25.00". */
export const priceSchema = z
  .union([
    z.number(),
    z.string().regex(/^\d+(\.\d+)?$/),
    z.object({ amount: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]) }),
  ])
  .transform((price) => Number(typeof price === "object" ? price.amount : price).toFixed(2));

export const currentUserSchema = z.object({
  user: z.object({ id, login: z.string() }),
});

export const photoSchema = z.object({ id: z.number().int() });

export const uploadedItemSchema = z.object({
  item: z.object({
    id,
    title: z.string(),
    price: priceSchema,
    url: z.string().optional(),
    is_hidden: z.boolean().optional(),
  }),
});

export const wardrobeItemSchema = z.object({
  id,
  title: z.string(),
  price: priceSchema,
  url: z.string().optional(),
  is_closed: z.boolean(),
  is_hidden: z.boolean(),
  is_reserved: z.boolean(),
  item_closing_action: z.string().nullable().optional(),
});
export type WardrobeItem = z.infer<typeof wardrobeItemSchema>;

export const wardrobePageSchema = z.object({
  items: z.array(wardrobeItemSchema),
  pagination: z.object({
    current_page: z.number().int(),
    total_pages: z.number().int(),
    total_entries: z.number().int(),
  }),
});

export const emptySchema = z.object({}).loose();
