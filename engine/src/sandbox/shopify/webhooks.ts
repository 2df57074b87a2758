// Webhook subscriptions and deliveries, signed the way Shopify signs them: the header
// X-Shopify-Hmac-Sha256 is base64(HMAC-SHA256(raw body, app secret)). A failed delivery is
// retried on a (shortened) schedule with the same X-Shopify-Webhook-Id. Deliveries can be
// held and released in any order, to test late and out-of-order arrivals.

import { createHmac, randomUUID } from "node:crypto";
import type { Topic } from "./state.ts";

export interface Subscription {
  id: number;
  topic: Topic;
  uri: string;
  createdAt: Date;
}

export interface Delivery {
  webhookId: string;
  eventId: string;
  subscriptionId: number;
  topic: Topic;
  uri: string;
  body: string;
  triggeredAt: string;
  attempts: { at: string; status: number | null; error?: string }[];
  state: "pending" | "held" | "delivered" | "failed";
}

/** Retries after 1 s, 2 s, 5 s, ... : Shopify's 8 retries over 4 hours, compressed. */
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000];
const KEEP = 5000;

interface WebhookOptions {
  secret: string;
  domain: string;
  apiVersion: string;
  retryDelaysMs?: number[] | undefined;
}

export class Webhooks {
  readonly subscriptions = new Map<number, Subscription>();
  readonly deliveries: Delivery[] = [];
  hold = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 1_500_000_001;

  private readonly options: WebhookOptions;

  constructor(options: WebhookOptions) {
    this.options = options;
  }

  find(topic: Topic, uri: string): Subscription | undefined {
    for (const existing of this.subscriptions.values()) {
      if (existing.topic === topic && existing.uri === uri) return existing;
    }
    return undefined;
  }

  subscribe(topic: Topic, uri: string): Subscription {
    const existing = this.find(topic, uri);
    if (existing) return existing;
    const sub = { id: this.nextId++, topic, uri, createdAt: new Date() };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  sign(body: string, secret = this.options.secret): string {
    return createHmac("sha256", secret).update(body, "utf8").digest("base64");
  }

  /** One delivery per subscription to `topic`; each gets its own webhook id. */
  publish(topic: Topic, payload: unknown): Delivery[] {
    const made: Delivery[] = [];
    for (const sub of this.subscriptions.values()) {
      if (sub.topic !== topic) continue;
      const delivery: Delivery = {
        webhookId: randomUUID(),
        eventId: randomUUID(),
        subscriptionId: sub.id,
        topic,
        uri: sub.uri,
        body: JSON.stringify(payload),
        triggeredAt: new Date().toISOString(),
        attempts: [],
        state: this.hold ? "held" : "pending",
      };
      this.deliveries.push(delivery);
      if (this.deliveries.length > KEEP) this.deliveries.splice(0, this.deliveries.length - KEEP);
      made.push(delivery);
      if (!this.hold) void this.attempt(delivery);
    }
    return made;
  }

  /** Sends held deliveries, oldest first or newest first. */
  release(order: "oldest_first" | "newest_first"): Delivery[] {
    const held = this.deliveries.filter((d) => d.state === "held");
    if (order === "newest_first") held.reverse();
    this.hold = false;
    // One after the other, so the receiver sees them in exactly this order.
    void held.reduce(async (previous, d) => {
      await previous;
      d.state = "pending";
      await this.attempt(d);
    }, Promise.resolve());
    return held;
  }

  /** Sends a delivery again with the same webhook id: what a Shopify retry looks like. */
  redeliver(webhookId: string): Delivery | undefined {
    const delivery = this.deliveries.find((d) => d.webhookId === webhookId);
    if (delivery) void this.attempt(delivery);
    return delivery;
  }

  private async attempt(d: Delivery): Promise<void> {
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await fetch(d.uri, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": d.topic,
          "x-shopify-hmac-sha256": this.sign(d.body),
          "x-shopify-shop-domain": this.options.domain,
          "x-shopify-api-version": this.options.apiVersion,
          "x-shopify-webhook-id": d.webhookId,
          "x-shopify-event-id": d.eventId,
          "x-shopify-triggered-at": d.triggeredAt,
        },
        body: d.body,
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (e) {
      error = (e as Error).message;
    }
    d.attempts.push({ at: new Date().toISOString(), status, ...(error ? { error } : {}) });
    if (status !== null && status >= 200 && status < 300) {
      d.state = "delivered";
      return;
    }
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    const delay = delays[d.attempts.length - 1];
    if (delay === undefined) {
      d.state = "failed";
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(d);
    }, delay);
    this.timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
