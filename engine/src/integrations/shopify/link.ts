// Which Stoflow shop (tenant) an installed Shopify shop acts as. The first install makes the
// tenant, its owner account (no password: it signs in through Shopify only) and the link in
// one transaction; a reinstall finds the same tenant again, with its products and listings.
import { control, provisionTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { DEFAULT_PLAN } from "../../accounts/signup.ts";
import type { EngineContext } from "../../context.ts";
import { postgresErrorCode, UNIQUE_VIOLATION } from "../../postgres-errors.ts";

const { shopifyAppShops } = control;

export type ShopLink = typeof shopifyAppShops.$inferSelect;

export async function findLink(ctx: EngineContext, shop: string): Promise<ShopLink | undefined> {
  const [link] = await ctx.database.db
    .select()
    .from(shopifyAppShops)
    .where(eq(shopifyAppShops.shop, shop));
  return link;
}

const APP_MADE_DOMAIN = "@shopify-app.invalid";

/** An address that can never receive mail (.invalid is reserved), unique per shop. */
const ownerEmail = (shop: string) => `${shop.replace(/\.myshopify\.com$/, "")}${APP_MADE_DOMAIN}`;

/** Whether the account was made by an install (not one the seller had and linked). */
export const isAppMadeOwner = (email: string) => email.endsWith(APP_MADE_DOMAIN);

export interface NewShop {
  shop: string;
  shopName: string;
  locale: "fr" | "en";
}

/** The shop's link, made with a new tenant when the shop has none. */
export async function findOrCreateLink(
  ctx: EngineContext,
  input: NewShop,
): Promise<{ link: ShopLink; created: boolean }> {
  const found = await findLink(ctx, input.shop);
  if (found) return { link: found, created: false };
  let created = false;
  try {
    await provisionTenant(ctx.database.pool, {
      name: input.shopName,
      locale: input.locale,
      setup: async (client, t) => {
        const { rows } = await client.query<{ id: string }>(
          "INSERT INTO users (email, display_name, locale) VALUES ($1, $2, $3) RETURNING id",
          [ownerEmail(input.shop), input.shopName, input.locale],
        );
        const userId = (rows[0] as { id: string }).id;
        await client.query(
          "INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')",
          [t.id, userId],
        );
        await client.query("INSERT INTO subscriptions (tenant_id, plan_code) VALUES ($1, $2)", [
          t.id,
          DEFAULT_PLAN,
        ]);
        await client.query(
          "INSERT INTO shopify_app_shops (shop, tenant_id, user_id) VALUES ($1, $2, $3)",
          [input.shop, t.id, userId],
        );
      },
    });
    created = true;
  } catch (error) {
    // Two installs of one shop racing (Shopify retries fast): the primary key decides and
    // the loser's tenant is rolled back with it.
    if (postgresErrorCode(error) !== UNIQUE_VIOLATION) throw error;
  }
  const link = await findLink(ctx, input.shop);
  if (!link) throw new Error(`The link of ${input.shop} vanished while it was made`);
  return { link, created };
}
