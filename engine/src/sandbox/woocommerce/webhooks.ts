// Webhook deliveries as WooCommerce makes them: the resource JSON POSTed to the delivery URL,
// signed with base64(HMAC-SHA256(body, secret)) in X-WC-Webhook-Signature, retried on failure,
// the webhook disabled after 5 failures in a row. Deliveries can be held and released in any
// order, or replayed, to test late, duplicate and out-of-order arrival.
import { createHmac, randomUUID } from "node:crypto";
import type { StoreEvent, WooState } from "./state.ts";
import type { WcWebhook } from "./types.ts";

export const MAX_FAILURES = 5;

export interface Delivery {
  id: string;
  webhookId: number;
  topic: string;
  body: string;
  attempts: number;
  status: "pending" | "held" | "delivered" | "failed";
  lastStatus: number | null;
  at: string;
}

export const signBody = (body: string, secret: string) =>
  createHmac("sha256", secret).update(body).digest("base64");

export class WebhookDispatcher {
  private readonly state: WooState;
  private readonly storeUrl: () => string;
  readonly deliveries: Delivery[] = [];
  hold = false;
  retryDelayMs = 500;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<Promise<void>>();

  constructor(state: WooState, storeUrl: () => string) {
    this.state = state;
    this.storeUrl = storeUrl;
    state.onEvent = (event) => this.publish(event);
  }

  private publish(event: StoreEvent) {
    for (const webhook of this.state.webhooks.values()) {
      if (webhook.status !== "active" || webhook.topic !== event.topic) continue;
      const delivery: Delivery = {
        id: randomUUID(),
        webhookId: webhook.id,
        topic: event.topic,
        body: JSON.stringify(event.resource),
        attempts: 0,
        status: this.hold ? "held" : "pending",
        lastStatus: null,
        at: new Date().toISOString(),
      };
      this.deliveries.push(delivery);
      if (this.deliveries.length > 10_000) this.deliveries.shift();
      if (!this.hold) this.track(this.attempt(delivery));
    }
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    p.finally(() => this.inFlight.delete(p));
  }

  /** Sends held deliveries, oldest first or newest first. */
  release(order: "fifo" | "reverse" = "fifo"): number {
    const held = this.deliveries.filter((d) => d.status === "held");
    if (order === "reverse") held.reverse();
    for (const d of held) d.status = "pending";
    // One after the other, so the order chosen is the order of arrival.
    this.track(
      (async () => {
        for (const d of held) await this.attempt(d);
      })(),
    );
    return held.length;
  }

  /** Sends an earlier delivery again, same body and delivery id: a duplicate, or a late one. */
  async redeliver(id: string): Promise<Delivery | undefined> {
    const delivery = this.deliveries.find((d) => d.id === id);
    if (!delivery) return undefined;
    await this.send(delivery);
    return delivery;
  }

  headersFor(webhook: WcWebhook, delivery: Delivery): Record<string, string> {
    return {
      "content-type": "application/json",
      "user-agent": "WooCommerce/9.8.0 Hookshot (WordPress/6.8)",
      "x-wc-webhook-source": `${this.storeUrl()}/`,
      "x-wc-webhook-topic": webhook.topic,
      "x-wc-webhook-resource": webhook.resource,
      "x-wc-webhook-event": webhook.event,
      "x-wc-webhook-signature": signBody(delivery.body, webhook.secret),
      "x-wc-webhook-id": String(webhook.id),
      "x-wc-webhook-delivery-id": delivery.id,
    };
  }

  private async send(delivery: Delivery): Promise<boolean> {
    const webhook = this.state.webhooks.get(delivery.webhookId);
    if (!webhook) return true;
    delivery.attempts++;
    try {
      const res = await fetch(webhook.delivery_url, {
        method: "POST",
        headers: this.headersFor(webhook, delivery),
        body: delivery.body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      delivery.lastStatus = res.status;
      return res.ok;
    } catch {
      delivery.lastStatus = 0;
      return false;
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const webhook = this.state.webhooks.get(delivery.webhookId);
    if (webhook?.status !== "active") return;
    if (await this.send(delivery)) {
      delivery.status = "delivered";
      webhook.failures = 0;
      return;
    }
    webhook.failures++;
    if (webhook.failures >= MAX_FAILURES) {
      webhook.status = "disabled";
      delivery.status = "failed";
      return;
    }
    if (delivery.attempts >= MAX_FAILURES) {
      delivery.status = "failed";
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          resolve();
        },
        this.retryDelayMs * 2 ** (delivery.attempts - 1),
      );
      this.timers.add(timer);
    });
    return this.attempt(delivery);
  }

  /** WooCommerce pings a new webhook (`webhook_id=N`, form-encoded) and refuses it on failure. */
  async ping(webhook: WcWebhook): Promise<number> {
    try {
      const res = await fetch(webhook.delivery_url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": "WooCommerce/9.8.0 Hookshot (WordPress/6.8)",
        },
        body: `webhook_id=${webhook.id}`,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Waits for every delivery under way (tests). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  dispose() {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
