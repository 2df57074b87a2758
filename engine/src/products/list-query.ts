import { z } from "zod";
import { ListingState, ProductStatus } from "./input.ts";

export const SORT_FIELDS = ["createdAt", "updatedAt", "title", "price", "sku", "quantity"] as const;
const SORTS = SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);

export const ListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(50),
  sort: z
    .enum(SORTS as [string, ...string[]])
    .default("-createdAt")
    .meta({ description: "A field, `-` first for descending" }),
  status: ProductStatus.optional(),
  platform: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, { error: "Not a platform name." })
    .optional()
    .meta({ description: "Only products with a listing on this platform", example: "vinted" }),
  listingState: ListingState.optional().meta({
    description: "Only products with a listing in this state (on `platform` when given)",
  }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Text searched in SKU, title and brand" }),
});

export type ListQuery = z.output<typeof ListQuery>;
