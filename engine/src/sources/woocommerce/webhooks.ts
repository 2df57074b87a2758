// WooCommerce webhooks: registered through the REST API with the source's secret, verified by
// X-WC-Webhook-Signature (base64 HMAC-SHA256 of the raw body), read into Source events.
import { createHmac, timingSafeEqual } from "node:crypto";
import type {
  RegisteredWebhook,
  SourceConnection,
  SourceEvent,
  WebhookDelivery,
} from "../source.ts";
import { SourceError } from "../source.ts";
import type { WooClient } from "./client.ts";
import { withVariations } from "./read-page.ts";
import { wcOrder, wcProduct } from "./schemas.ts";
import { gmt } from "./to-product.ts";

export const TOPICS = [
  "product.created",
  "product.updated",
  "product.deleted",
  "product.restored",
  "order.created",
  "order.updated",
];

/** Order statuses in which the shop has taken the stock (paid, or held for payment). */
const SOLD_STATUSES = new Set(["processing", "completed", "on-hold"]);

export async function registerWebhooks(
  client: WooClient,
  conn: SourceConnection,
  deliveryUrl: string,
): Promise<RegisteredWebhook[]> {
  const secret = conn.credentials.webhookSecret;
  if (!secret)
    throw new SourceError("This shop has no webhook secret; connect it again.", { kind: "auth" });
  // Ours from an earlier connection go first: one subscription per topic.
  const existing = await client.get<{ id: number; delivery_url: string }[]>("webhooks", {
    per_page: 100,
  });
  for (const hook of Array.isArray(existing.data) ? existing.data : []) {
    if (hook.delivery_url === deliveryUrl)
      await client.delete(`webhooks/${hook.id}`, { force: true });
  }
  const made: RegisteredWebhook[] = [];
  for (const topic of TOPICS) {
    const res = await client.post<{ id: number }>("webhooks", {
      name: `Stoflow ${topic}`,
      topic,
      delivery_url: deliveryUrl,
      secret,
      status: "active",
    });
    made.push({ topic, externalId: String(res.data.id) });
  }
  return made;
}

export async function unregisterWebhooks(
  client: WooClient,
  hooks: RegisteredWebhook[],
): Promise<void> {
  for (const hook of hooks) {
    try {
      await client.delete(`webhooks/${hook.externalId}`, { force: true });
    } catch (error) {
      if (!(error instanceof SourceError && error.status === 404)) throw error;
    }
  }
}

export function verifySignature(conn: SourceConnection, delivery: WebhookDelivery): boolean {
  const secret = conn.credentials.webhookSecret;
  const given = delivery.headers["x-wc-webhook-signature"];
  if (!secret || !given) return false;
  const expected = createHmac("sha256", secret).update(delivery.rawBody).digest();
  const received = Buffer.from(given, "base64");
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** WooCommerce's ping on webhook creation: `webhook_id=N`, form-encoded, unsigned. */
export const isPing = (delivery: WebhookDelivery) =>
  !delivery.headers["x-wc-webhook-topic"] &&
  /^webhook_id=\d+$/.test(delivery.rawBody.toString("utf8").trim());

export async function parseDelivery(
  client: () => WooClient,
  delivery: WebhookDelivery,
): Promise<SourceEvent[]> {
  if (isPing(delivery)) return [{ type: "ping" }];
  const topic = delivery.headers["x-wc-webhook-topic"] ?? "";
  let body: unknown;
  try {
    body = JSON.parse(delivery.rawBody.toString("utf8"));
  } catch {
    return [{ type: "ignored", reason: "The body is not JSON." }];
  }
  if (topic === "product.deleted") {
    const id = (body as { id?: unknown }).id;
    return typeof id === "number"
      ? [{ type: "product.deleted", ref: String(id), at: new Date() }]
      : [{ type: "ignored", reason: "No product id." }];
  }
  if (topic.startsWith("product.")) {
    const product = wcProduct.safeParse(body);
    if (!product.success)
      return [{ type: "ignored", reason: "The product is not what WooCommerce sends." }];
    const read = await withVariations(client(), product.data);
    if (!("updatedAt" in read)) throw new SourceError(read.message, { kind: "retryable" });
    return [{ type: "product.upsert", product: read }];
  }
  if (topic === "order.created" || topic === "order.updated") {
    const order = wcOrder.safeParse(body);
    if (!order.success)
      return [{ type: "ignored", reason: "The order is not what WooCommerce sends." }];
    if (!SOLD_STATUSES.has(order.data.status))
      return [{ type: "ignored", reason: `Order ${order.data.status}.` }];
    return [
      {
        type: "order.created",
        orderRef: String(order.data.id),
        at: gmt(order.data.date_modified_gmt ?? order.data.date_created_gmt) ?? new Date(),
        lines: order.data.line_items.map((l) => ({
          productRef: String(l.product_id),
          variantRef: l.variation_id ? String(l.variation_id) : null,
          quantity: l.quantity,
        })),
      },
    ];
  }
  return [{ type: "ignored", reason: `Topic ${topic || "(none)"} is not used.` }];
}
