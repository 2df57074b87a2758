// What the app does with the webhooks Shopify sends it (catalog webhooks go to the engine).
// authenticate.webhook has verified the HMAC on the raw body before any of this runs.

import { sessionStorage } from "../shopify.server";
import { appClient, forgetShop } from "./engine.server";
import { must } from "./problems";

/** The shop's sessions go; the engine erases the token and stops syncing. */
export async function appUninstalled(shop: string) {
  const sessions = await sessionStorage.findSessionsByShop(shop);
  if (sessions.length > 0) await sessionStorage.deleteSessions(sessions.map((s) => s.id));
  forgetShop(shop);
  return must(await appClient.POST("/api/v1/apps/shopify/uninstall", { body: { shop } }));
}

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

/** Carried out by the engine once per webhook id: Shopify's retries get the first outcome. */
export async function compliance(shop: string, topic: ComplianceTopic, webhookId: string) {
  if (topic === "shop/redact") {
    const sessions = await sessionStorage.findSessionsByShop(shop);
    if (sessions.length > 0) await sessionStorage.deleteSessions(sessions.map((s) => s.id));
    forgetShop(shop);
  }
  return must(
    await appClient.POST("/api/v1/apps/shopify/compliance", { body: { shop, topic, webhookId } }),
  );
}
