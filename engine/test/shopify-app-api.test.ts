// The embedded Shopify app's server-to-server operations over HTTP, against the Shopify
// sandbox: the app credential is required; install makes (then finds again) the shop's
// tenant, connects the shop and imports it; the session token acts for that tenant only;
// uninstall erases the token; compliance requests are carried out once, replays answered.
import { control, getTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "../src/sandbox/shopify/catalog.ts";
import { type ShopifySandbox, startShopifySandbox } from "../src/sandbox/shopify/server.ts";
import { request, signUp, startTestEngine, type TestEngine } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";

const CREDENTIAL = "test-app-credential-0123456789abcdef-0123";
let sandbox: ShopifySandbox;
let engine: TestEngine;

beforeAll(async () => {
  sandbox = await startShopifySandbox();
  seedCatalog(sandbox.state, { count: 6, seed: 3, imageBase: sandbox.url });
  engine = await startTestEngine(
    {
      STOFLOW_SHOPIFY_URL: sandbox.url,
      SHOPIFY_API_SECRET: sandbox.apiSecret,
      STOFLOW_SHOPIFY_APP_CREDENTIAL: CREDENTIAL,
    },
    { publishing: {} },
  );
}, 90_000);
afterAll(async () => {
  await engine?.close();
  await sandbox?.close();
});

const app = (path: string, body: unknown, credential = CREDENTIAL) =>
  request(engine, "POST", `/api/v1/apps/shopify/${path}`, {
    body,
    headers: { "x-stoflow-app-credential": credential },
  });

const install = () =>
  app("install", {
    shop: sandbox.shop,
    accessToken: sandbox.accessToken,
    shopName: "Friperie Sandbox",
    locale: "fr",
  });

const linkOf = async (shop: string) =>
  (
    await engine.ctx.database.db
      .select()
      .from(control.shopifyAppShops)
      .where(eq(control.shopifyAppShops.shop, shop))
  )[0];

describe("Shopify app API", () => {
  it("refuses calls without the app credential as problem+json", async () => {
    for (const credential of ["", "wrong-credential-of-the-right-length-000000"]) {
      const res = await app("session", { shop: sandbox.shop }, credential);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const bad = await app("install", { shop: "not a shop", accessToken: "x", shopName: "" });
    expect(bad.status).toBe(400);
  });

  it("installs: a tenant for the shop, its token vaulted, webhooks registered, import done", async () => {
    const res = await install();
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(true);
    const link = await linkOf(sandbox.shop);
    expect(link).toMatchObject({ tenantId: res.body.tenantId, sourceId: res.body.sourceId });
    expect((await getTenant(engine.database.pool, res.body.tenantId))?.name).toBe(
      "Friperie Sandbox",
    );
    expect(sandbox.webhooks.subscriptions.size).toBeGreaterThan(0);

    const session = await app("session", { shop: sandbox.shop });
    expect(session.status).toBe(200);
    const token = session.body.accessToken;
    const done = await until(
      () => request(engine, "GET", `/api/v1/sources/${res.body.sourceId}`, { token }),
      (r) => r.body.lastImport?.status === "succeeded",
      60_000,
    );
    expect(done.body.lastImport).toMatchObject({ status: "succeeded", done: 6 });
    const products = await request(engine, "GET", "/api/v1/products", { token });
    expect(products.body.items).toHaveLength(6);
  });

  it("links a reinstall to the same tenant, and its token sees that tenant only", async () => {
    const first = await linkOf(sandbox.shop);
    const again = await install();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, tenantId: first?.tenantId });
    const other = await signUp(engine, "Another shop");
    const session = await app("session", { shop: sandbox.shop });
    const theirs = await request(engine, "GET", "/api/v1/products", { token: other.accessToken });
    expect(theirs.body.items).toHaveLength(0);
    const ours = await request(engine, "GET", "/api/v1/products", {
      token: session.body.accessToken,
    });
    expect(ours.body.items).toHaveLength(6);
  });

  it("uninstalls: the token erased, the source disconnected, no more sessions", async () => {
    const link = await linkOf(sandbox.shop);
    const res = await app("uninstall", { shop: sandbox.shop });
    expect(res.body).toEqual({ linked: true, tenantId: link?.tenantId });
    expect((await app("uninstall", { shop: sandbox.shop })).status).toBe(200);
    const { rows } = await engine.database.pool.query(
      `SELECT status, credentials_ciphertext FROM tenant_${link?.tenantId}.catalog_sources`,
    );
    expect(rows).toEqual([{ status: "disconnected", credentials_ciphertext: null }]);
    const session = await app("session", { shop: sandbox.shop });
    expect(session.status).toBe(404);
    expect(session.body.type).toContain("shop-not-installed");
  });

  it("carries out compliance requests once and answers replays with the first outcome", async () => {
    const link = await linkOf(sandbox.shop);
    const data = await app("compliance", {
      webhookId: "wh-data-1",
      shop: sandbox.shop,
      topic: "customers/data_request",
    });
    expect(data.body).toMatchObject({ replayed: false, outcome: { action: "nothing_held" } });

    const redact = { webhookId: "wh-shop-1", shop: sandbox.shop, topic: "shop/redact" };
    const erased = await app("compliance", redact);
    expect(erased.body).toMatchObject({ replayed: false, outcome: { action: "erased" } });
    expect(await getTenant(engine.database.pool, link?.tenantId)).toBeUndefined();
    expect(await linkOf(sandbox.shop)).toBeUndefined();
    const replay = await app("compliance", redact);
    expect(replay.body).toMatchObject({ replayed: true, outcome: { action: "erased" } });
    const late = await app("compliance", { ...redact, webhookId: "wh-shop-2" });
    expect(late.body.outcome.action).toBe("not_linked");
  });
});
