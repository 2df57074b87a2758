// Shopify webhooks end to end: the shop connected through the API registers its webhooks on
// the sandbox, which delivers signed deliveries to the engine over HTTP. Forged deliveries are
// refused with 401 and change nothing; duplicate, late and out-of-order ones leave the newest.
import { createHmac } from "node:crypto";
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifySource } from "../src/sources/shopify/index.ts";
import { request } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";
import { type ConnectedShopify, connectedShopify } from "./support/shopify.ts";

let flow: ConnectedShopify;
beforeAll(async () => {
  flow = await connectedShopify({ products: 20 });
}, 90_000);
afterAll(() => flow?.close());

const deliveryUrl = () =>
  `${flow.engine.url}/api/v1/webhooks/sources/${flow.shop.tenantId}/${flow.sourceId}`;

function post(body: string, headers: Record<string, string>) {
  return fetch(deliveryUrl(), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const hmac = (body: string, secret: string) =>
  createHmac("sha256", secret).update(body).digest("base64");

/** Waits until every delivery to the engine so far was answered 200. */
async function settled() {
  const all = await until(
    async () => flow.sandbox.webhooks.deliveries,
    (ds) => ds.every((d) => d.state === "delivered"),
  );
  expect(all.filter((d) => d.state !== "delivered")).toEqual([]);
}

describe("Shopify webhooks", () => {
  it("registers its topics and applies a signed products/update", async () => {
    const subs = [...flow.sandbox.webhooks.subscriptions.values()];
    expect(subs.map((s) => s.topic).sort()).toEqual([
      "inventory_levels/update",
      "orders/create",
      "products/create",
      "products/delete",
      "products/update",
    ]);
    expect(new Set(subs.map((s) => s.uri))).toEqual(new Set([deliveryUrl()]));

    const [first] = flow.sandbox.state.sortedProducts();
    await flow.control("PATCH", `/products/${first?.id}`, { title: "Veste en jean, retouchée" });
    const product = await until(
      () => flow.productOf(first?.id as number),
      (p) => p?.title === "Veste en jean, retouchée",
    );
    expect(product?.title).toBe("Veste en jean, retouchée");
    await settled();
    const [delivery] = flow.sandbox.webhooks.deliveries;
    expect(delivery?.attempts.map((a) => a.status)).toEqual([200]);
  });

  it("refuses forged deliveries with 401 and changes nothing", async () => {
    const [, target] = flow.sandbox.state.sortedProducts();
    const before = await flow.productOf(target?.id as number);
    const payload = {
      ...flow.sandbox.state.restProduct(target as never),
      title: "Forged",
      updated_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const body = JSON.stringify(payload);
    const base = {
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": flow.sandbox.shop,
      "x-shopify-webhook-id": "forged-1",
    };
    const attempts = [
      { ...base, "x-shopify-hmac-sha256": hmac(body, "not-the-app-secret") },
      // Signed with the app's secret, but for another shop of the same app.
      {
        ...base,
        "x-shopify-shop-domain": "other.myshopify.com",
        "x-shopify-hmac-sha256": hmac(body, flow.sandbox.apiSecret),
      },
      // A signature of another body.
      { ...base, "x-shopify-hmac-sha256": hmac(`${body} `, flow.sandbox.apiSecret) },
      base,
    ];
    for (const headers of attempts) {
      const res = await post(body, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const after = await flow.productOf(target?.id as number);
    expect(after?.title).toBe(before?.title);
    expect(after?.updatedAt).toEqual(before?.updatedAt);
    expect(after?.revision).toBe(before?.revision);
  });

  it("answers a signed delivery of an unexpected shape without changing anything", async () => {
    const body = JSON.stringify({ id: "not a product", title: 42 });
    const res = await post(body, {
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": flow.sandbox.shop,
      "x-shopify-webhook-id": "odd-shape-1",
      "x-shopify-hmac-sha256": hmac(body, flow.sandbox.apiSecret),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ applied: 0, delisted: 0 });
  });

  it("keeps the newest state through duplicate and late deliveries", async () => {
    const [, , target] = flow.sandbox.state.sortedProducts();
    const id = target?.id as number;
    await flow.control("PATCH", `/products/${id}`, { title: "Pull laine, première version" });
    await until(
      () => flow.productOf(id),
      (p) => p?.title === "Pull laine, première version",
    );
    await flow.control("PATCH", `/products/${id}`, {
      title: "Pull laine, seconde version",
      price: "31.00",
    });
    await until(
      () => flow.productOf(id),
      (p) => p?.title === "Pull laine, seconde version",
    );
    await settled();
    const older = flow.sandbox.webhooks.deliveries.find((d) => d.body.includes("première version"));
    expect(older).toBeDefined();
    const revision = (await flow.productOf(id))?.revision;

    // Shopify sends the first one again (same webhook id): a duplicate, and late.
    await flow.control("POST", `/webhooks/deliveries/${older?.webhookId}/redeliver`);
    await until(
      async () => older?.attempts.length,
      (n) => n === 2,
    );
    expect(older?.attempts.map((a) => a.status)).toEqual([200, 200]);
    const after = await flow.productOf(id);
    expect(after).toMatchObject({ title: "Pull laine, seconde version", price: "31.00", revision });
    // Recognised by its webhook id, once.
    const seen = await withTenant(flow.engine.ctx.database.db, flow.shop.tenantId, (tx) =>
      tx
        .select()
        .from(tenant.sourceDeliveries)
        .where(eq(tenant.sourceDeliveries.deliveryId, older?.webhookId as string)),
    );
    expect(seen).toHaveLength(1);
  });

  it("applies out-of-order deliveries by the shop's update time", async () => {
    const [, , , target] = flow.sandbox.state.sortedProducts();
    const id = target?.id as number;
    await flow.control("PUT", "/webhooks/hold", { hold: true });
    await flow.control("PATCH", `/products/${id}`, { title: "Robe, ancienne" });
    await flow.control("PATCH", `/products/${id}`, { title: "Robe, la plus récente" });
    const { released } = await flow.control("POST", "/webhooks/release", { order: "newest_first" });
    expect(released).toHaveLength(2);
    await settled();
    expect((await flow.productOf(id))?.title).toBe("Robe, la plus récente");
  });

  it("archives a product deleted in the shop", async () => {
    const [, , , , target] = flow.sandbox.state.sortedProducts();
    const id = target?.id as number;
    await flow.control("DELETE", `/products/${id}`);
    const gone = await until(
      () => flow.productOf(id),
      (p) => p?.status === "archived",
    );
    expect(gone).toMatchObject({ status: "archived", quantity: 0 });
  });

  it("takes stock off for a shop order once, whatever the order and number of deliveries", async () => {
    const target = flow.sandbox.state.sortedProducts()[5];
    const variant = target?.variants[0];
    const before = await flow.productOf(target?.id as number);
    // The stock level's delivery overtakes the order's: the sale still counts once.
    await flow.control("PUT", "/webhooks/hold", { hold: true });
    await flow.control("POST", "/orders", { lineItems: [{ variantId: variant?.id, quantity: 1 }] });
    const { released } = await flow.control("POST", "/webhooks/release", { order: "newest_first" });
    expect(released).toHaveLength(2);
    const after = await until(
      () => flow.productOf(target?.id as number),
      (p) => p?.quantity === (before?.quantity ?? 0) - 1,
    );
    expect(after?.quantity).toBe((before?.quantity ?? 0) - 1);
    await settled();
    const order = flow.sandbox.webhooks.deliveries.find((d) => d.topic === "orders/create");
    await flow.control("POST", `/webhooks/deliveries/${order?.webhookId}/redeliver`);
    await until(
      async () => order?.attempts.length,
      (n) => n === 2,
    );
    expect((await flow.productOf(target?.id as number))?.quantity).toBe(after?.quantity);
    const variantRow = after?.variants.find((v) => v.sourceRef === String(variant?.id));
    expect(variantRow?.quantity).toBe(variant?.available);
  });

  it("never sets stock back with a late, older stock level", async () => {
    const target = flow.sandbox.state.sortedProducts()[7];
    const variant = target?.variants[0];
    if (!target || !variant || variant.available < 2) throw new Error("needs 2 units in stock");
    const levels = () =>
      flow.sandbox.webhooks.deliveries.filter((d) => d.topic === "inventory_levels/update");
    const seen = levels().length;
    await flow.control("POST", "/orders", { lineItems: [{ variantId: variant.id, quantity: 1 }] });
    await flow.control("POST", "/orders", { lineItems: [{ variantId: variant.id, quantity: 1 }] });
    await settled();
    const [first] = levels().slice(seen);
    expect(first).toBeDefined();
    // The first sale's level, delivered again late under another webhook id (signed right).
    const body = first?.body as string;
    const res = await post(body, {
      "x-shopify-topic": "inventory_levels/update",
      "x-shopify-shop-domain": flow.sandbox.shop,
      "x-shopify-webhook-id": `late-${first?.webhookId}`,
      "x-shopify-hmac-sha256": hmac(body, flow.sandbox.apiSecret),
    });
    expect(res.status).toBe(200);
    const after = await flow.productOf(target.id);
    const variantRow = after?.variants.find((v) => v.sourceRef === String(variant.id));
    expect(variantRow?.quantity).toBe(variant.available);
  });

  it("finds the subscriptions already there when it registers again", async () => {
    const source = createShopifySource({
      apiSecret: flow.sandbox.apiSecret,
      baseUrlFor: () => flow.sandbox.url,
    });
    const conn = {
      tenantId: flow.shop.tenantId,
      sourceId: flow.sourceId,
      kind: "shopify" as const,
      baseUrl: flow.sandbox.shop,
      credentials: { accessToken: flow.sandbox.accessToken },
      currency: "EUR",
    };
    const before = [...flow.sandbox.webhooks.subscriptions.values()].map(
      (s) => `gid://shopify/WebhookSubscription/${s.id}`,
    );
    const again = await source.registerWebhooks(conn, deliveryUrl());
    expect(again.map((w) => w.externalId).sort()).toEqual(before.sort());
    expect(flow.sandbox.webhooks.subscriptions.size).toBe(5);
  });

  it("refuses a connection whose token Shopify rejects, or a shop that is not a myshopify domain", async () => {
    const refused = await request(flow.engine, "POST", "/api/v1/sources/shopify/connect", {
      token: flow.shop.accessToken,
      body: { shop: "other-shop.myshopify.com", accessToken: "shpat_not_a_valid_token" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      status: 422,
      detail: expect.stringContaining("access token"),
    });
    const invalid = await request(flow.engine, "POST", "/api/v1/sources/shopify/connect", {
      token: flow.shop.accessToken,
      body: { shop: "https://evil.example", accessToken: flow.sandbox.accessToken },
    });
    expect(invalid.status).toBe(400);
    const list = await request(flow.engine, "GET", "/api/v1/sources", {
      token: flow.shop.accessToken,
    });
    expect(list.body.items ?? list.body).toHaveLength(1);
  });

  it("takes a triggered delivery of an unchanged product as nothing new", async () => {
    const target = flow.sandbox.state.sortedProducts()[6];
    const before = await flow.productOf(target?.id as number);
    const trigger = (topic: string) =>
      flow.control("POST", "/webhooks/trigger", { topic, productId: target?.id });
    expect((await trigger("products/update")).webhookIds).toHaveLength(1);
    expect((await trigger("inventory_levels/update")).webhookIds).toHaveLength(
      target?.variants.length ?? 0,
    );
    await settled();
    const after = await flow.productOf(target?.id as number);
    expect(after).toMatchObject({
      title: before?.title,
      quantity: before?.quantity,
      revision: before?.revision,
    });
    expect(
      (await flow.control("POST", "/webhooks/trigger", { topic: "shop/update", productId: 1 }))
        .error,
    ).toBe("invalid request");
  });

  it("lists the source with its webhooks through the API", async () => {
    const res = await request(flow.engine, "GET", `/api/v1/sources/${flow.sourceId}`, {
      token: flow.shop.accessToken,
    });
    expect(res.body).toMatchObject({
      kind: "shopify",
      baseUrl: flow.sandbox.shop,
      webhooks: 5,
      status: "connected",
    });
  });
});
