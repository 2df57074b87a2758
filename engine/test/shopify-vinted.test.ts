// Stock both ways between a Shopify shop and Vinted, over HTTP against both sandboxes: an order
// in the shop delists the product on Vinted; a sale on Vinted takes the unit off in Shopify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import type { VintedSandbox } from "../src/sandbox/vinted/server.ts";
import { pairDevice } from "./support/channels.ts";
import { request } from "./support/engine.ts";
import { imageForm, JPEG } from "./support/products.ts";
import { until } from "./support/sandbox-flow.ts";
import { type ConnectedShopify, connectedShopify } from "./support/shopify.ts";

let flow: ConnectedShopify;
let vinted: VintedSandbox;
let seller: { user: { id: number }; accountId: string };

// biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
async function vintedControl(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${vinted.url}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`vinted sandbox ${method} ${path}: ${res.status}`);
  return res.json();
}

const vintedItems = async () =>
  (await vintedControl("GET", `/users/${seller.user.id}/items`)).items as {
    id: number;
    isClosed: boolean;
  }[];

const listingsOf = async (productId: string) =>
  (
    await request(flow.engine, "GET", `/api/v1/listings?productId=${productId}`, {
      token: flow.shop.accessToken,
    })
  ).body.items as { id: string; state: string; externalId: string }[];

/** A new product in the shop (products/create brings it in), mapped for Vinted and published. */
async function shopProductOnVinted() {
  const { product: shopProduct } = await flow.control("POST", "/products", { variants: 1 });
  const imported = await until(
    () => flow.productOf(shopProduct.id),
    (p) => p !== undefined,
  );
  const id = imported?.id as string;
  // What the seller completes once for Vinted: its catalogue's brand, category, size, colour.
  const patched = await request(flow.engine, "PATCH", `/api/v1/products/${id}`, {
    token: flow.shop.accessToken,
    body: {
      brand: "Levi's",
      category: "femmes/vetements/jeans",
      size: "38",
      colors: ["bleu"],
      condition: "very_good",
    },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const photo = await request(flow.engine, "POST", `/api/v1/products/${id}/images`, {
    token: flow.shop.accessToken,
    rawBody: imageForm({ data: JPEG, name: "face.jpg", type: "image/jpeg" }),
  });
  expect(photo.status, JSON.stringify(photo.body)).toBe(201);
  const published = await request(flow.engine, "POST", `/api/v1/products/${id}/publish`, {
    token: flow.shop.accessToken,
    body: { platforms: ["vinted"], channelAccountId: seller.accountId },
  });
  expect(published.status, JSON.stringify(published.body)).toBe(202);
  const listings = await until(
    () => listingsOf(id),
    (ls) => ls[0]?.state === "published",
  );
  expect(
    listings.map((l) => l.state),
    JSON.stringify(listings),
  ).toEqual(["published"]);
  return { shopProduct, productId: id, listing: listings[0] as { id: string; externalId: string } };
}

beforeAll(async () => {
  flow = await connectedShopify({ vinted: true });
  vinted = flow.vinted as VintedSandbox;
  const deviceToken = await pairDevice(flow.engine, flow.shop);
  const made = await vintedControl("POST", "/users", { login: "lea", domain: "www.vinted.fr" });
  const res = await request(flow.engine, "PUT", "/api/v1/channels/vinted/session", {
    token: deviceToken,
    body: made.session,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  seller = { user: made.user, accountId: res.body.id };
}, 90_000);
afterAll(() => flow?.close());

describe("Shopify and Vinted stock", () => {
  it("delists on Vinted when the shop sells the last unit", async () => {
    const { shopProduct, productId, listing } = await shopProductOnVinted();
    expect((await vintedItems()).map((i) => i.id)).toContain(Number(listing.externalId));
    const variant = shopProduct.variants[0];
    await flow.control("POST", "/orders", {
      lineItems: [{ variantId: variant.id, quantity: variant.inventory_quantity }],
    });
    const after = await until(
      () => listingsOf(productId),
      (ls) => ls[0]?.state === "delisted",
    );
    expect(after[0]?.state).toBe("delisted");
    expect((await vintedItems()).map((i) => i.id)).not.toContain(Number(listing.externalId));
    expect(await flow.productOf(shopProduct.id)).toMatchObject({ quantity: 0, status: "sold" });
  });

  it("takes the unit off in Shopify when it sells on Vinted", async () => {
    const { shopProduct, productId, listing } = await shopProductOnVinted();
    const variant = flow.sandbox.state.variants.get(shopProduct.variants[0].id);
    const before = variant?.available as number;
    await vintedControl("POST", `/items/${listing.externalId}/sell`);
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, flow.engine.ctx.database.db);
    await until(
      () => listingsOf(productId),
      (ls) => ls[0]?.state === "sold",
    );
    const left = await until(
      async () => variant?.available,
      (n) => n === before - 1,
    );
    expect(left).toBe(before - 1);
    // Shopify announces the new level it got from the inventory mutation.
    const level = flow.sandbox.webhooks.deliveries.find(
      (d) =>
        d.topic === "inventory_levels/update" &&
        JSON.parse(d.body).inventory_item_id === variant?.inventoryItemId,
    );
    expect(JSON.parse(level?.body ?? "{}")).toMatchObject({ available: before - 1 });
    // The shop's inventory_levels/update echo leaves Stoflow's count where the sale put it.
    await until(
      async () => flow.sandbox.webhooks.deliveries,
      (ds) => ds.every((d) => d.state === "delivered"),
    );
    expect((await flow.productOf(shopProduct.id))?.quantity).toBe(before - 1);
  });

  it("delists at the next sync when the order's webhooks never come", async () => {
    const { shopProduct, productId } = await shopProductOnVinted();
    await flow.control("PUT", "/webhooks/hold", { hold: true }); // the shop cannot reach us
    const variant = shopProduct.variants[0];
    await flow.control("POST", "/orders", {
      lineItems: [{ variantId: variant.id, quantity: variant.inventory_quantity }],
    });
    const sync = await request(flow.engine, "POST", `/api/v1/sources/${flow.sourceId}/imports`, {
      token: flow.shop.accessToken,
      body: { kind: "incremental" },
    });
    expect(sync.status, JSON.stringify(sync.body)).toBe(202);
    const after = await until(
      () => listingsOf(productId),
      (ls) => ls[0]?.state === "delisted",
    );
    expect(after[0]?.state).toBe("delisted");
    expect(await flow.productOf(shopProduct.id)).toMatchObject({ quantity: 0 });
    expect(
      flow.sandbox.webhooks.deliveries.filter((d) => d.state === "held").length,
    ).toBeGreaterThan(0);
  });
});
