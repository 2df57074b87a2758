// The WooCommerce plugin's engine side over HTTP: a site token (shown once, hashed, any plan,
// revocable) connects the store through WooCommerce's app authorization against the sandbox,
// then reads listing states, lint, publishes, delists and writes AI texts by WooCommerce id.
import { control } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSandbox } from "../src/sandbox/woocommerce/server.ts";
import { QUICK_PIPELINE, request, setPlan, signUp } from "./support/engine.ts";
import { type SandboxFlow, startSandboxFlow, until } from "./support/sandbox-flow.ts";
import { type WooFlow, wooFlowOn } from "./support/woocommerce.ts";

describe("WooCommerce plugin: site token and product actions by WooCommerce id", () => {
  let flow: WooFlow;
  let vinted: SandboxFlow;
  let siteToken: string;
  let siteId: string;
  const wooIds = () => flow.woo.state.list({ orderby: "id", order: "asc" }).map(String);
  const site = (method: string, path: string, body?: unknown, token = siteToken) =>
    request(flow.engine, method, path, { token, body });

  beforeAll(async () => {
    vinted = await startSandboxFlow(QUICK_PIPELINE, "Boutique Woo");
    const woo = await startWooSandbox({ webhookRetryDelayMs: 100, products: 6, variableRatio: 0 });
    flow = wooFlowOn(woo, vinted.engine, vinted.shop);
    // The plugin is not the API-key feature: the smallest plan can have a site.
    await setPlan(flow.engine, flow.shop.tenantId, "starter");
  });
  afterAll(async () => {
    await flow.close();
    await vinted.sandbox.close();
  });

  it("creates a site token shown once and stored hashed, on any plan", async () => {
    const created = await request(flow.engine, "POST", "/api/v1/sites", {
      token: flow.shop.accessToken,
      body: { name: "Boutique Woo (WordPress)" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.token).toMatch(/^sfs_[A-Za-z0-9_-]{40,}$/);
    siteToken = created.body.token;
    siteId = created.body.id;
    const listed = await request(flow.engine, "GET", "/api/v1/sites", {
      token: flow.shop.accessToken,
    });
    expect(listed.body.sites).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(siteToken);
    const [row] = await flow.engine.database.db
      .select()
      .from(control.siteTokens)
      .where(eq(control.siteTokens.id, siteId));
    expect(row?.tokenHash).not.toContain(siteToken);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reaches only the site operations, and reports the shop, plan and no store yet", async () => {
    const status = await site("GET", "/api/v1/site");
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect(status.body).toMatchObject({
      site: { id: siteId, sourceId: null },
      shop: { name: "Boutique Woo" },
      source: null,
      plan: { code: "starter" },
    });
    expect((await site("GET", "/api/v1/products")).status).toBe(401);
    expect((await site("GET", "/api/v1/site", undefined, flow.shop.accessToken)).status).toBe(401);
    const early = await site("GET", "/api/v1/site/products?ids=1");
    expect(early.status).toBe(409);
    expect(early.headers.get("content-type")).toContain("application/problem+json");
    expect(early.body.type).toBe("https://stoflow.app/problems/site-not-connected");
  });

  it("connects the store through WooCommerce's app authorization and imports it", async () => {
    await setPlan(flow.engine, flow.shop.tenantId, "business");
    const start = await site("POST", "/api/v1/site/authorize", {
      storeUrl: flow.woo.url,
      returnUrl: "https://shop.example/wp-admin/admin.php?page=stoflow",
    });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.origin).toBe(new URL(flow.woo.url).origin);
    expect(authorize.searchParams.get("callback_url")).toBe(
      `${flow.engine.url}/api/v1/site/callback`,
    );
    const approve = await fetch(`${flow.woo.url}/wc-auth/v1/access_granted`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), approve: "1" }),
    });
    expect(approve.status).toBe(302);
    expect(new URL(approve.headers.get("location") ?? "").searchParams.get("success")).toBe("1");

    const status = await site("GET", "/api/v1/site");
    expect(status.body.site.sourceId).toBeTruthy();
    expect(status.body.source).toMatchObject({ kind: "woocommerce", webhooks: 6 });
    expect(
      await flow.finished(status.body.source.id, status.body.source.lastImport.runId),
    ).toMatchObject({ status: "succeeded", done: 6 });
    const after = await site("GET", "/api/v1/site");
    expect(after.body.usage.products.used).toBe(6);
  });

  it("refuses a callback it did not sign", async () => {
    const forged = await request(flow.engine, "POST", "/api/v1/site/callback", {
      body: {
        user_id: `site.${flow.shop.tenantId}.${siteId}.9999999999.${Buffer.from(flow.woo.url).toString("base64url")}.forged`,
        consumer_key: "ck_0123456789",
        consumer_secret: "cs_0123456789",
        key_permissions: "read_write",
      },
    });
    expect(forged.status).toBe(401);
  });

  it("reads listing states and the lint result by WooCommerce product id", async () => {
    const ids = wooIds().slice(0, 3);
    const list = await site("GET", `/api/v1/site/products?ids=${ids.join(",")},999999`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((i: { shopItemId: string }) => i.shopItemId).sort()).toEqual(
      [...ids].sort(),
    );
    for (const item of list.body.items) expect(item.listings).toEqual([]);
    const one = await site("GET", `/api/v1/site/products/${ids[0]}`);
    expect(one.status).toBe(200);
    expect(one.body.lint).toMatchObject({ platform: "vinted", ready: expect.any(Boolean) });
    expect(one.body.lint.lint.errors).toBeInstanceOf(Array);
    expect((await site("GET", "/api/v1/site/products/999999")).status).toBe(404);
    const bad = await site("GET", "/api/v1/site/products/abc");
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe("https://stoflow.app/problems/validation");
  });

  it("publishes one product, several in bulk, and delists", async () => {
    const [a, b, c] = wooIds();
    const noAccount = await site("POST", `/api/v1/site/products/${a}/publish`, {});
    expect(noAccount.status).toBe(409);
    await vinted.connectSeller("lea");

    const one = await site("POST", `/api/v1/site/products/${a}/publish`, {
      platforms: ["vinted"],
    });
    expect(one.status, JSON.stringify(one.body)).toBe(202);
    expect(one.body.listings).toHaveLength(1);
    expect(one.body.listings[0].platform).toBe("vinted");

    const bulk = await site("POST", "/api/v1/site/products/publish", {
      shopItemIds: [b, c, "999999"],
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(202);
    expect(bulk.body.unknown).toEqual(["999999"]);
    expect(bulk.body.items).toHaveLength(2);
    for (const item of bulk.body.items) expect(item.listings).toHaveLength(1);

    // A listing the lint held back (the sandbox's categories are ambiguous on Vinted) stays a
    // draft with its reason: nothing to delist.
    const held = bulk.body.items.find((i: { listings: { state: string }[] }) =>
      i.listings.some((l) => l.state === "draft"),
    );
    expect(held.listings[0].lastError).toBeTruthy();
    expect((await site("POST", `/api/v1/site/products/${held.shopItemId}/delist`, {})).status).toBe(
      409,
    );

    // Fixed by the seller, the product queues; delisted before it reaches Vinted, it goes at once.
    const fixed = await request(flow.engine, "PATCH", `/api/v1/products/${one.body.productId}`, {
      token: flow.shop.accessToken,
      body: {
        category: "femmes/vetements/robes",
        size: "M",
        brand: "Zara",
        condition: "very_good",
        colors: ["noir"],
      },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const queued = await site("POST", `/api/v1/site/products/${a}/publish`, {});
    expect(queued.status).toBe(202);
    const state = async () => (await site("GET", `/api/v1/site/products/${a}`)).body.listings[0];
    const published = await until(state, (l) => l.state === "published" || l.state === "error");
    expect(published.state, published.lastError).toBe("published");
    expect(published.url).toBeTruthy();

    const delisted = await site("POST", `/api/v1/site/products/${a}/delist`, {});
    expect(delisted.status, JSON.stringify(delisted.body)).toBe(202);
    expect(["delisting", "delisted"]).toContain(delisted.body.listings[0].state);
    expect((await until(state, (l) => l.state === "delisted")).state).toBe("delisted");
  });

  it("writes AI texts for the product and hands them to the plugin", async () => {
    const id = wooIds()[3];
    const texts = await site("POST", `/api/v1/site/products/${id}/ai-texts`, {});
    expect([200, 202]).toContain(texts.status);
    const generation = await site("GET", `/api/v1/site/ai-generations/${texts.body.id}`);
    expect(generation.status).toBe(200);
    if (generation.body.status !== "pending")
      expect(generation.body.texts.ebay.description.length).toBeGreaterThan(20);
  });

  it("makes an extension pairing code the extension can redeem", async () => {
    const code = await site("POST", "/api/v1/site/pairing-codes");
    expect(code.status).toBe(201);
    const paired = await request(flow.engine, "POST", "/api/v1/channels/pair", {
      body: { code: code.body.code, deviceName: "From WordPress" },
    });
    expect(paired.status).toBe(201);
  });

  it("binds a new site to a store already connected, and only to a store of the shop", async () => {
    const sourceId = (await site("GET", "/api/v1/site")).body.site.sourceId;
    const bound = await request(flow.engine, "POST", "/api/v1/sites", {
      token: flow.shop.accessToken,
      body: { name: "Second site", sourceId },
    });
    expect(bound.status).toBe(201);
    const status = await site("GET", "/api/v1/site", undefined, bound.body.token);
    expect(status.body.source.id).toBe(sourceId);
    const other = await signUp(flow.engine, "Third shop");
    const refused = await request(flow.engine, "POST", "/api/v1/sites", {
      token: other.accessToken,
      body: { name: "Not mine", sourceId },
    });
    expect(refused.status).toBe(404);
  });

  it("keeps another shop out, and stops answering once revoked", async () => {
    const other = await signUp(flow.engine, "Other shop");
    const theirs = await request(flow.engine, "POST", "/api/v1/sites", {
      token: other.accessToken,
      body: { name: "Theirs" },
    });
    const id = wooIds()[0];
    expect(
      (await site("GET", `/api/v1/site/products/${id}`, undefined, theirs.body.token)).status,
    ).toBe(409);
    expect(
      (
        await request(flow.engine, "DELETE", `/api/v1/sites/${siteId}`, {
          token: other.accessToken,
        })
      ).status,
    ).toBe(404);

    const revoked = await request(flow.engine, "DELETE", `/api/v1/sites/${siteId}`, {
      token: flow.shop.accessToken,
    });
    expect(revoked.status).toBe(204);
    expect((await site("GET", "/api/v1/site")).status).toBe(401);
    expect((await site("DELETE", "/api/v1/site", undefined, theirs.body.token)).status).toBe(204);
    expect((await site("GET", "/api/v1/site", undefined, theirs.body.token)).status).toBe(401);
  });
});
