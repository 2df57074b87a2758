// The providers this engine runs with. A new shop adds its factory here (see source.ts).
import type { Config } from "../config.ts";
import { type SourceRegistry, sourceRegistry } from "./registry.ts";
import { createShopifySource } from "./shopify/index.ts";
import { createWooCommerceSource } from "./woocommerce/index.ts";

export function configuredSources(config: Config): SourceRegistry {
  const shopifyUrl = config.shopify.url;
  return sourceRegistry([
    createWooCommerceSource(),
    createShopifySource({
      // Without the app's secret no delivery verifies: webhooks answer 401, syncs still run.
      apiSecret: config.shopify.apiSecret ?? "",
      ...(shopifyUrl ? { baseUrlFor: () => shopifyUrl } : {}),
    }),
  ]);
}
