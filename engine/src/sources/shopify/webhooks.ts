// Shopify webhooks: subscriptions made through webhookSubscriptionCreate, deliveries checked
// against X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's secret,
// compared in constant time) and the shop they claim to come from, then read as events.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { OrderLine, RegisteredWebhook, SourceEvent, WebhookDelivery } from "../source.ts";
import { idOf, type ShopifyClient } from "./client.ts";
import {
  InventoryLevelSchema,
  RestDeletionSchema,
  RestOrderSchema,
  RestProductSchema,
} from "./payloads.ts";
import {
  CREATE_WEBHOOK,
  DELETE_WEBHOOK,
  INVENTORY_ITEM,
  LIST_WEBHOOKS,
  VARIANT_STOCK,
} from "./queries.ts";
import { fromRest } from "./to-product.ts";

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

/**
 * An order, as stock levels read back from the shop: its inventory_levels/update deliveries
 * may arrive before or after it, and an absolute level applied twice is still right where a
 * decrement after the level would count the sale twice. Lines whose variant is gone fall back
 * to taking their quantity off.
 */
async function orderEvents(client: ShopifyClient, order: z.infer<typeof RestOrderSchema>) {
  const at = new Date(order.created_at);
  const events: SourceEvent[] = [];
  const lines: OrderLine[] = [];
  for (const line of order.line_items) {
    if (!line.product_id) continue; // custom items are not catalog products
    const variant = line.variant_id
      ? (
          await client.request<{
            productVariant: {
              id: string;
              inventoryQuantity: number | null;
              product: { id: string };
            } | null;
          }>(VARIANT_STOCK, { id: `gid://shopify/ProductVariant/${line.variant_id}` })
        ).productVariant
      : null;
    if (variant && variant.inventoryQuantity !== null) {
      events.push({
        type: "stock.set",
        productRef: idOf(variant.product.id),
        variantRef: idOf(variant.id),
        quantity: Math.max(0, variant.inventoryQuantity),
        at,
      });
    } else {
      lines.push({
        productRef: line.product_id,
        variantRef: line.variant_id ?? null,
        quantity: line.quantity,
      });
    }
  }
  // Recorded once by its id, whatever carried the stock.
  return [{ type: "order.created" as const, orderRef: order.id, at, lines }, ...events];
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
  const read = <T>(schema: z.ZodType<T>) => {
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : undefined;
  };
  const malformed: SourceEvent[] = [
    { type: "ignored", reason: `a ${topic} payload of another shape` },
  ];
  switch (topic) {
    case "products/create":
    case "products/update": {
      const product = read(RestProductSchema);
      return product ? [{ type: "product.upsert", product: fromRest(product) }] : malformed;
    }
    case "products/delete": {
      const gone = read(RestDeletionSchema);
      return gone ? [{ type: "product.deleted", ref: gone.id, at }] : malformed;
    }
    case "orders/create": {
      const order = read(RestOrderSchema);
      if (!order) return malformed;
      return orderEvents(client, order);
    }
    case "inventory_levels/update": {
      const level = read(InventoryLevelSchema);
      if (!level) return malformed;
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
