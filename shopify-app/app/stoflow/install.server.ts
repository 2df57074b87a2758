// Install: the engine gets the shop's offline token, links (or makes) the shop's Stoflow
// account, registers the catalog webhooks at Shopify and starts the bulk import.
import type { Session } from "@shopify/shopify-api";
import { appClient, forgetShop } from "./engine.server";
import { must } from "./problems";

/** The shop's name for a new Stoflow account: its handle, as Shopify admin shows it. */
const nameOf = (shop: string) =>
  shop
    .replace(/\.myshopify\.com$/, "")
    .replace(/-/g, " ")
    .replace(/^./, (c) => c.toUpperCase());

export async function installShop(session: Session, locale?: string) {
  if (!session.accessToken) throw new Error(`No offline token for ${session.shop}`);
  forgetShop(session.shop);
  return must(
    await appClient.POST("/api/v1/apps/shopify/install", {
      body: {
        shop: session.shop,
        accessToken: session.accessToken,
        shopName: nameOf(session.shop),
        locale: locale?.startsWith("fr") ? "fr" : "en",
      },
    }),
  );
}

/** Moves the shop to the seller's existing Stoflow account (a pairing code proves it). */
export async function linkExistingAccount(session: Session, code: string) {
  if (!session.accessToken) throw new Error(`No offline token for ${session.shop}`);
  const linked = must(
    await appClient.POST("/api/v1/apps/shopify/link", {
      body: { shop: session.shop, accessToken: session.accessToken, code },
    }),
  );
  forgetShop(session.shop);
  return linked;
}
