// What the site operations answer: shapes the WooCommerce plugin reads.
import { tenant } from "@stoflow/db";
import { z } from "zod";
import type { SiteTokenRow } from "../../sites/site-tokens.ts";
import { SourceOut } from "../sources/shared.ts";

export const SiteOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    sourceId: z.uuid().nullable().meta({ description: "The store it speaks for, once approved" }),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Site" });

export const siteOut = (row: SiteTokenRow): z.output<typeof SiteOut> => ({
  id: row.id,
  name: row.name,
  sourceId: row.sourceId,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

const Counted = z.object({ used: z.number().int(), max: z.number().int().nullable() });

export const SiteStatus = z
  .object({
    site: SiteOut,
    shop: z.object({ name: z.string(), locale: z.string() }),
    source: SourceOut.nullable().meta({ description: "The connected store and its last import" }),
    plan: z.object({ code: z.string(), name: z.string(), aiDescriptions: z.boolean() }),
    usage: z.object({
      products: Counted,
      platforms: Counted,
      publications: z.object({ used: z.number().int(), included: z.number().int().nullable() }),
      aiGenerations: Counted,
    }),
  })
  .meta({ id: "SiteStatus" });

export const ShopItemListing = z
  .object({
    id: z.uuid(),
    platform: z.string(),
    channelAccountId: z.uuid(),
    state: z.enum(tenant.LISTING_STATES),
    url: z.string().nullable(),
    lastError: z.string().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "ShopItemListing" });

export const ShopItemOut = z
  .object({
    shopItemId: z.string().meta({ description: "The WooCommerce product id" }),
    productId: z.uuid(),
    title: z.string(),
    revision: z.number().int(),
    listings: z.array(ShopItemListing),
  })
  .meta({ id: "ShopItem" });

/** A WooCommerce product id, as WooCommerce prints it. */
export const ShopItemId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, "a WooCommerce product id")
  .meta({ example: "1234" });
export const ShopItemParam = z.strictObject({ shopItemId: ShopItemId });
