// The Shopify source: Admin GraphQL with a pinned version, the full catalog through a bulk
// operation, incremental syncs by updated_at, webhooks verified by HMAC, stock written back
// through inventory adjustments. The shop's offline access token (from the embedded app) is
// the connection's `accessToken` credential, kept in the vault.

import type { ImportPage, PageRequest, Source, SourceConnection } from "../source.ts";
import { SourceError } from "../source.ts";
import { type BulkOptions, readFullPage } from "./bulk-import.ts";
import { ShopifyClient } from "./client.ts";
import { readChangedPage } from "./incremental.ts";
import { SHOP } from "./queries.ts";
import { writeShopifyStock } from "./stock.ts";
import {
  parseShopifyWebhook,
  registerShopifyWebhooks,
  unregisterShopifyWebhooks,
  verifyShopifyHmac,
} from "./webhooks.ts";

export { SHOPIFY_API_VERSION } from "./client.ts";

export interface ShopifySourceOptions {
  /** The app's API secret: Shopify signs webhook deliveries with it. */
  apiSecret: string;
  /** Where a shop's Admin API lives; `https://<shop>` by default, a sandbox URL in tests. */
  baseUrlFor?: (shop: string) => string;
  bulk?: Partial<BulkOptions>;
}

/** A myshopify domain: what a Shopify source's baseUrl holds. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function createShopifySource(options: ShopifySourceOptions): Source {
  const baseUrlFor = options.baseUrlFor ?? ((shop: string) => `https://${shop}`);
  const bulk: BulkOptions = { pollIntervalMs: 1000, pollBudgetMs: 20_000, ...options.bulk };

  const clientFor = (conn: SourceConnection) => {
    const accessToken = conn.credentials.accessToken;
    if (!accessToken) {
      throw new SourceError(
        "This Shopify shop has no access token: open the Stoflow app in Shopify.",
        {
          kind: "auth",
        },
      );
    }
    return new ShopifyClient({
      shop: conn.baseUrl,
      accessToken,
      baseUrl: baseUrlFor(conn.baseUrl),
    });
  };

  return {
    kind: "shopify",

    async describe(conn, signal) {
      const data = await clientFor(conn).request<{ shop: { name: string; currencyCode: string } }>(
        SHOP,
        {},
        signal,
      );
      return { label: data.shop.name, currency: data.shop.currencyCode };
    },

    readPage(conn: SourceConnection, request: PageRequest): Promise<ImportPage> {
      const client = clientFor(conn);
      if (request.kind === "incremental" && request.since) {
        return readChangedPage(client, request.cursor, request.since, request.signal);
      }
      return readFullPage(client, request.cursor, bulk, request.signal);
    },

    registerWebhooks: (conn, deliveryUrl) => registerShopifyWebhooks(clientFor(conn), deliveryUrl),
    unregisterWebhooks: (conn, webhooks) => unregisterShopifyWebhooks(clientFor(conn), webhooks),
    verifyWebhook: (conn, delivery) => verifyShopifyHmac(options.apiSecret, delivery, conn.baseUrl),
    parseWebhook: (conn, delivery) => parseShopifyWebhook(clientFor(conn), delivery),
    writeStock: (conn, write) => writeShopifyStock(clientFor(conn), conn.sourceId, write),
  };
}
