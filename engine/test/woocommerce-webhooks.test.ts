// WooCommerce webhooks against the sandbox over HTTP: registered at connection, verified on the
// raw body, applied with last write wins whatever the order of arrival; a forged signature is
// refused with 401 and changes nothing. Also the app authorization flow (/wc-auth/v1).
import { createHmac } from "node:crypto";
import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";
import { startWooFlow, type WooFlow } from "./support/woocommerce.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("WooCommerce webhooks", () => {
  let flow: WooFlow;
  let sourceId: string;
  const productRow = async (ref: number) => {
    const { rows } = await flow.engine.database.pool.query(
      `SELECT title, price::text, quantity, status, source_updated_at FROM ${tenantSchema(flow.shop.tenantId)}.products WHERE source_ref = $1`,
      [String(ref)],
    );
    return rows[0];
  };
  const deliveries = async () => (await flow.control("GET", "/deliveries")).deliveries;

  beforeAll(async () => {
    flow = await startWooFlow({ products: 20, variableRatio: 0 });
    const connected = await flow.connect();
    sourceId = connected.sourceId;
    expect(await flow.finished(sourceId, connected.runId)).toMatchObject({
      status: "succeeded",
      done: 20,
    });
  });
  afterAll(() => flow.close());

  it("registers product and order webhooks with a secret at connection", async () => {
    const state = await flow.control("GET", "/state");
    expect(state.webhooks.map((w: { topic: string }) => w.topic).sort()).toEqual([
      "order.created",
      "order.updated",
      "product.created",
      "product.deleted",
      "product.restored",
      "product.updated",
    ]);
    for (const webhook of state.webhooks) {
      expect(webhook.status).toBe("active");
      expect(webhook.delivery_url).toBe(
        `${flow.engine.url}/api/v1/webhooks/sources/${flow.shop.tenantId}/${sourceId}`,
      );
    }
  });

  it("applies a product change, a new product and a deletion as they are delivered", async () => {
    flow.woo.state.updateProduct(3, { name: "Edited at the shop" });
    await until(
      () => productRow(3),
      (row) => row?.title === "Edited at the shop",
    );
    expect((await productRow(3)).title).toBe("Edited at the shop");

    const created = flow.woo.state.createProduct({
      name: "Nouveau manteau",
      price: "40.00",
      regular_price: "40.00",
      stock_quantity: 1,
      manage_stock: true,
      status: "publish",
    });
    const row = await until(
      () => productRow(created.id),
      (r) => r !== undefined,
    );
    expect(row).toMatchObject({
      title: "Nouveau manteau",
      price: "40.00",
      quantity: 1,
      status: "active",
    });

    flow.woo.state.deleteProduct(created.id);
    const gone = await until(
      () => productRow(created.id),
      (r) => r?.status === "archived",
    );
    expect(gone).toMatchObject({ status: "archived", quantity: 0 });
  });

  it("keeps the newest state when deliveries come late, twice and out of order", async () => {
    await flow.control("PUT", "/deliveries/hold", { hold: true });
    for (const name of ["first", "second", "third"]) {
      flow.woo.state.updateProduct(5, { name });
      await pause(1_100); // WooCommerce dates have whole seconds
    }
    await flow.control("PUT", "/deliveries/hold", { hold: false });
    expect(await flow.control("POST", "/deliveries/release", { order: "reverse" })).toEqual({
      released: 3,
    });
    await flow.woo.webhooks.settle();
    const held = (await deliveries())
      .filter((d: { topic: string }) => d.topic === "product.updated")
      .slice(-3);
    expect(held.map((d: { lastStatus: number }) => d.lastStatus)).toEqual([200, 200, 200]);
    expect((await productRow(5)).title).toBe("third");

    // The oldest again (late), and the newest again (duplicate): nothing moves.
    for (const d of [held[0], held[2]]) {
      const again = await flow.control("POST", `/deliveries/${d.id}/redeliver`);
      expect(again.lastStatus).toBe(200);
    }
    expect((await productRow(5)).title).toBe("third");
  }, 30_000);

  it("refuses a forged signature with 401 and changes nothing", async () => {
    const before = await productRow(7);
    const body = JSON.stringify({
      ...flow.woo.state.product(7),
      name: "Forged",
      date_modified_gmt: "2099-01-01T00:00:00",
    });
    const url = `/api/v1/webhooks/sources/${flow.shop.tenantId}/${sourceId}`;
    const headers = { "content-type": "application/json", "x-wc-webhook-topic": "product.updated" };
    const forged = await request(flow.engine, "POST", url, {
      rawBody: body,
      headers: {
        ...headers,
        "x-wc-webhook-signature": createHmac("sha256", "not-the-secret")
          .update(body)
          .digest("base64"),
      },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toContain("application/problem+json");
    const unsigned = await request(flow.engine, "POST", url, { rawBody: body, headers });
    expect(unsigned.status).toBe(401);
    // The body is what is signed: a real signature over other bytes does not pass either.
    const real = flow.woo.webhooks.deliveries.at(-1);
    const webhook = flow.woo.state.webhooks.get(real?.webhookId ?? 0);
    const signed = createHmac("sha256", webhook?.secret ?? "")
      .update(real?.body ?? "")
      .digest("base64");
    const swapped = await request(flow.engine, "POST", url, {
      rawBody: body,
      headers: { ...headers, "x-wc-webhook-signature": signed },
    });
    expect(swapped.status).toBe(401);
    expect(await productRow(7)).toEqual(before);
    const elsewhere = await request(
      flow.engine,
      "POST",
      `/api/v1/webhooks/sources/999999/${sourceId}`,
      {
        rawBody: body,
        headers,
      },
    );
    expect(elsewhere.status).toBe(404);
  });
});

describe("disconnecting a WooCommerce store", () => {
  let flow: WooFlow;
  beforeAll(async () => {
    flow = await startWooFlow({ products: 5, variableRatio: 0 });
  });
  afterAll(() => flow.close());

  it("removes its webhooks at the shop and its keys, keeps the products, refuses later deliveries", async () => {
    const { sourceId, runId } = await flow.connect();
    await flow.finished(sourceId, runId);
    flow.woo.state.updateProduct(2, { name: "Before disconnect" });
    await flow.woo.webhooks.settle();
    const last = flow.woo.webhooks.deliveries.at(-1);
    const secret = flow.woo.state.webhooks.get(last?.webhookId ?? 0)?.secret ?? "";
    expect(secret).not.toBe("");
    const res = await request(flow.engine, "DELETE", `/api/v1/sources/${sourceId}`, {
      token: flow.shop.accessToken,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: "disconnected", webhooks: 0 });
    expect((await flow.control("GET", "/state")).webhooks).toEqual([]);
    const { rows } = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n, count(credentials_ciphertext)::int AS keys FROM ${tenantSchema(flow.shop.tenantId)}.catalog_sources`,
    );
    expect(rows[0]).toEqual({ n: 1, keys: 0 });
    const kept = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n FROM ${tenantSchema(flow.shop.tenantId)}.products`,
    );
    expect(kept.rows[0].n).toBe(5);
    // A delivery signed with the old secret no longer passes.
    const body = last?.body ?? "";
    const again = await request(
      flow.engine,
      "POST",
      `/api/v1/webhooks/sources/${flow.shop.tenantId}/${sourceId}`,
      {
        rawBody: body,
        headers: {
          "content-type": "application/json",
          "x-wc-webhook-topic": "product.updated",
          "x-wc-webhook-signature": createHmac("sha256", secret).update(body).digest("base64"),
        },
      },
    );
    expect(again.status).toBe(401);
    const imports = await request(flow.engine, "POST", `/api/v1/sources/${sourceId}/imports`, {
      token: flow.shop.accessToken,
      body: {},
    });
    expect(imports.status).toBe(409);
  });
});

describe("WooCommerce app authorization (/wc-auth/v1)", () => {
  let flow: WooFlow;
  beforeAll(async () => {
    flow = await startWooFlow({ products: 5 });
  });
  afterAll(() => flow.close());

  it("connects the store with the keys the owner approves, sent to the callback", async () => {
    const start = await request(flow.engine, "POST", "/api/v1/sources/woocommerce/authorize", {
      token: flow.shop.accessToken,
      body: { storeUrl: flow.woo.url, returnUrl: "https://app.example/sources" },
    });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.pathname).toBe("/wc-auth/v1/authorize");
    expect(authorize.searchParams.get("scope")).toBe("read_write");
    const page = await fetch(authorize);
    expect(await page.text()).toContain("Approve");

    const approve = await fetch(`${flow.woo.url}/wc-auth/v1/access_granted`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), approve: "1" }),
    });
    expect(approve.status).toBe(302);
    const back = new URL(approve.headers.get("location") ?? "");
    expect(back.origin + back.pathname).toBe("https://app.example/sources");
    expect(back.searchParams.get("success")).toBe("1");

    const sources = await request(flow.engine, "GET", "/api/v1/sources", {
      token: flow.shop.accessToken,
    });
    expect(sources.body.items).toHaveLength(1);
    const [source] = sources.body.items;
    expect(source).toMatchObject({
      kind: "woocommerce",
      baseUrl: flow.woo.url,
      status: "connected",
      webhooks: 6,
    });
    expect(await flow.finished(source.id, source.lastImport.runId)).toMatchObject({
      status: "succeeded",
      done: 5,
    });
  });

  it("refuses a callback whose user_id was not signed by the engine", async () => {
    const res = await request(flow.engine, "POST", "/api/v1/sources/woocommerce/callback", {
      body: {
        key_id: 1,
        user_id: `${flow.shop.tenantId}.9999999999.${Buffer.from(flow.woo.url).toString("base64url")}.forged`,
        consumer_key: "ck_0123456789",
        consumer_secret: "cs_0123456789",
        key_permissions: "read_write",
      },
    });
    expect(res.status).toBe(401);
    const denied = await request(flow.engine, "POST", "/api/v1/sources/woocommerce", {
      token: flow.shop.accessToken,
      body: { storeUrl: flow.woo.url, consumerKey: "ck_wrong", consumerSecret: "cs_wrong" },
    });
    expect(denied.status).toBe(422);
    expect(denied.body.type).toContain("source-credentials-refused");
  });
});
