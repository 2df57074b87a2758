// Shopify webhooks: subscriptions made through webhookSubscriptionCreate, deliveries checked
// against X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's secret,
// compared in constant time) and the shop they claim to come from, then read as events.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { RegisteredWebhook, SourceEvent, WebhookDelivery } from "../source.ts";
import { idOf, type ShopifyClient } from "./client.ts";
import { CREATE_WEBHOOK, DELETE_WEBHOOK, INVENTORY_ITEM, LIST_WEBHOOKS } from "./queries.ts";
import { fromRest, type RestProduct } from "./to-product.ts";

export const WEBHOOK_TOPICS = [
  "PRODUCTS_CREATE",
  "PRODUCTS_UPDATE",
  "PRODUCTS_DELETE",
  "ORDERS_CREATE",
  "INVENTORY_LEVELS_UPDATE",
] as const;

export function verifyShopifyHmac(
  secret: string,
  delivery: WebhookDelivery,
  shop: string,
): boolean {
  const given = delivery.headers["x-shopify-hmac-sha256"];
  if (!given || !secret) return false;
  // One app secret signs every shop's deliveries: the shop must be this source's too.
  if ((delivery.headers["x-shopify-shop-domain"] ?? "").toLowerCase() !== shop.toLowerCase())
    return false;
  const expected = createHmac("sha256", secret).update(delivery.rawBody).digest();
  const received = Buffer.from(given, "base64");
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The shop's subscriptions to `uri` by topic (a re-connect finds the ones it made before). */
async function existingSubscriptions(client: ShopifyClient, uri: string) {
  const byTopic = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const data: {
      webhookSubscriptions: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; topic: string; uri: string }[];
      };
    } = await client.request(LIST_WEBHOOKS, { after });
    for (const sub of data.webhookSubscriptions.nodes) {
      if (sub.uri === uri) byTopic.set(sub.topic, sub.id);
    }
    const page = data.webhookSubscriptions.pageInfo;
    if (!page.hasNextPage || !page.endCursor) return byTopic;
    after = page.endCursor;
  }
}

export async function registerShopifyWebhooks(
  client: ShopifyClient,
  deliveryUrl: string,
): Promise<RegisteredWebhook[]> {
  const made: RegisteredWebhook[] = [];
  let existing: Map<string, string> | undefined;
  for (const topic of WEBHOOK_TOPICS) {
    const data = await client.request<{
      webhookSubscriptionCreate: {
        webhookSubscription: { id: string } | null;
        userErrors: { message: string }[];
      };
    }>(CREATE_WEBHOOK, { topic, uri: deliveryUrl });
    const { webhookSubscription, userErrors } = data.webhookSubscriptionCreate;
    let id = webhookSubscription?.id;
    if (!id && userErrors.some((e) => /already been taken/i.test(e.message))) {
      existing ??= await existingSubscriptions(client, deliveryUrl);
      id = existing.get(topic);
    }
    if (!id) {
      throw new Error(
        `Shopify refused the ${topic} webhook: ${userErrors.map((e) => e.message).join("; ")}`,
      );
    }
    made.push({
      topic: topic.toLowerCase().replace(/_(create|update|delete)$/, "/$1"),
      externalId: id,
    });
  }
  return made;
}

export async function unregisterShopifyWebhooks(
  client: ShopifyClient,
  webhooks: RegisteredWebhook[],
) {
  for (const hook of webhooks) {
    // userErrors say it is already gone: nothing to do.
    await client.request(DELETE_WEBHOOK, { id: hook.externalId });
  }
}

interface RestOrder {
  id: number;
  created_at: string;
  line_items: { product_id: number | null; variant_id: number | null; quantity: number }[];
}

interface InventoryLevelPayload {
  inventory_item_id: number;
  available: number | null;
  updated_at: string;
}

/** What a verified delivery means; inventory levels are looked up to find their product. */
export async function parseShopifyWebhook(
  client: ShopifyClient,
  delivery: WebhookDelivery,
): Promise<SourceEvent[]> {
  const topic = delivery.headers["x-shopify-topic"] ?? "";
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody.toString("utf8"));
  } catch {
    return [{ type: "ignored", reason: "the body is not JSON" }];
  }
  const triggered = Date.parse(delivery.headers["x-shopify-triggered-at"] ?? "");
  const at = Number.isNaN(triggered) ? new Date() : new Date(triggered);
  switch (topic) {
    case "products/create":
    case "products/update":
      return [{ type: "product.upsert", product: fromRest(payload as RestProduct) }];
    case "products/delete":
      return [{ type: "product.deleted", ref: String((payload as { id: number }).id), at }];
    case "orders/create": {
      const order = payload as RestOrder;
      return [
        {
          type: "order.created",
          orderRef: String(order.id),
          at: new Date(order.created_at),
          lines: order.line_items
            .filter((l) => l.product_id !== null) // custom items are not catalog products
            .map((l) => ({
              productRef: String(l.product_id),
              variantRef: l.variant_id === null ? null : String(l.variant_id),
              quantity: l.quantity,
            })),
        },
      ];
    }
    case "inventory_levels/update": {
      const level = payload as InventoryLevelPayload;
      if (level.available === null) return [{ type: "ignored", reason: "untracked inventory" }];
      const data = await client.request<{
        inventoryItem: { variant: { id: string; product: { id: string } } } | null;
      }>(INVENTORY_ITEM, { id: `gid://shopify/InventoryItem/${level.inventory_item_id}` });
      const variant = data.inventoryItem?.variant;
      if (!variant) return [{ type: "ignored", reason: "inventory item of no product" }];
      return [
        {
          type: "stock.set",
          productRef: idOf(variant.product.id),
          variantRef: idOf(variant.id),
          quantity: Math.max(0, level.available),
          at: new Date(level.updated_at),
        },
      ];
    }
    default:
      return [{ type: "ignored", reason: `topic ${topic || "(none)"} is not used` }];
  }
}
