// The WooCommerce sandbox speaks the REST API as a store does: what the real client library
// sends is accepted, what a store refuses is refused with WooCommerce's error bodies, and its
// webhooks behave as WooCommerce's (ping on creation, signed deliveries, disabled after 5 failures).
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WooCommerceRestApiModule from "@woocommerce/woocommerce-rest-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSandbox, type WooSandbox } from "../src/sandbox/woocommerce/server.ts";
import { until } from "./support/sandbox-flow.ts";

type WooClass = (typeof WooCommerceRestApiModule)["default"];
const loaded = WooCommerceRestApiModule as unknown as WooClass | { default: WooClass };
const WooCommerceRestApi: WooClass = typeof loaded === "function" ? loaded : loaded.default;

let woo: WooSandbox;
let receiver: Server;
let received: { headers: Record<string, unknown>; body: string }[] = [];
let answer = 200;

const client = (key = woo.key) =>
  new WooCommerceRestApi({
    url: woo.url,
    consumerKey: key?.consumerKey ?? "",
    consumerSecret: key?.consumerSecret ?? "",
    version: "wc/v3",
  });
const basic = `Basic ${Buffer.from("ck_x:cs_y").toString("base64")}`;
const failure = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    const res = (error as { response?: { status: number; data: unknown } }).response;
    return { status: res?.status, data: res?.data };
  }
  throw new Error("expected the call to fail");
};

beforeAll(async () => {
  woo = await startWooSandbox({ products: 250, variableRatio: 0.2, webhookRetryDelayMs: 20 });
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await woo.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("WooCommerce sandbox REST API", () => {
  it("pages products with X-WP-Total, X-WP-TotalPages and Link, for OAuth 1.0a clients", async () => {
    const res = await client().get("products", {
      per_page: 100,
      page: 2,
      orderby: "id",
      order: "asc",
    });
    expect(res.status).toBe(200);
    expect(res.headers["x-wp-total"]).toBe("250");
    expect(res.headers["x-wp-totalpages"]).toBe("3");
    expect(res.headers.link).toContain('rel="prev"');
    expect(res.headers.link).toContain('rel="next"');
    expect(res.data.map((p: { id: number }) => p.id)).toEqual(
      Array.from({ length: 100 }, (_, i) => 101 + i),
    );
    const variable = res.data.find((p: { type: string }) => p.type === "variable");
    const variations = await client().get(`products/${variable.id}/variations`);
    expect(variations.data.map((v: { id: number }) => v.id)).toEqual(variable.variations);
  });

  it("answers the same through ?rest_route= (pretty permalinks off)", async () => {
    const key = woo.key;
    const res = await fetch(`${woo.url}/?rest_route=/wc/v3/products/7`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${key?.consumerKey}:${key?.consumerSecret}`).toString("base64")}`,
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }).id).toBe(7);
  });

  it("refuses what a store refuses, with WooCommerce's error bodies", async () => {
    const noAuth = await fetch(`${woo.url}/wp-json/wc/v3/products`);
    expect(noAuth.status).toBe(401);
    expect((await noAuth.json()) as object).toMatchObject({
      code: "woocommerce_rest_cannot_view",
      data: { status: 401 },
    });
    const unknownKey = await fetch(`${woo.url}/wp-json/wc/v3/products`, {
      headers: { authorization: basic },
    });
    expect(((await unknownKey.json()) as { code: string }).code).toBe(
      "woocommerce_rest_authentication_error",
    );
    const wrongSecret = await failure(
      client({ ...(woo.key as NonNullable<typeof woo.key>), consumerSecret: "cs_wrong" }).get(
        "products",
      ),
    );
    expect(wrongSecret).toMatchObject({
      status: 401,
      data: { message: "Invalid signature - provided signature does not match." },
    });
    expect(await failure(client().get("products", { per_page: 101 }))).toMatchObject({
      status: 400,
      data: { code: "rest_invalid_param", data: { params: { per_page: expect.any(String) } } },
    });
    expect(await failure(client().get("products", { page: 99 }))).toMatchObject({
      status: 400,
      data: { code: "rest_post_invalid_page_number" },
    });
    expect(await failure(client().get("products/999999"))).toMatchObject({
      status: 404,
      data: { code: "woocommerce_rest_product_invalid_id" },
    });
    const reader = woo.state.createKey("read");
    expect(await failure(client(reader).put("products/1", { stock_quantity: 0 }))).toMatchObject({
      status: 401,
    });
  });

  it("takes stock writes and filters by modified_after", async () => {
    const before = new Date(Date.now() - 1000).toISOString().slice(0, 19);
    const put = await client().put("products/12", { manage_stock: true, stock_quantity: 0 });
    expect(put.data).toMatchObject({ stock_quantity: 0, stock_status: "outofstock" });
    const changed = await client().get("products", { modified_after: before });
    expect(changed.data.map((p: { id: number }) => p.id)).toEqual([12]);
  });

  it("injects faults at a rate and limits the request rate", async () => {
    woo.faults.rateLimit = { limit: 3, windowSeconds: 60 };
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        (await failure(client().get("products/1")).catch(() => ({ status: 200 }))).status,
      );
    expect(answers.slice(3)).toEqual([429, 429]);
    woo.faults.clear();
    woo.faults.random = { rate: 1, types: ["server_error"], delayMs: 0 };
    expect((await failure(client().get("products/1"))).status).toBeGreaterThanOrEqual(500);
    woo.faults.clear();
  });
});

describe("WooCommerce sandbox webhooks", () => {
  it("pings a new webhook, signs deliveries and disables it after 5 failures", async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    received = [];
    const made = await client().post("webhooks", {
      name: "t",
      topic: "product.updated",
      delivery_url: url,
      secret: "s3cret",
    });
    expect(made.status).toBe(201);
    expect(made.data.secret).toBeUndefined();
    expect(received[0]?.body).toBe(`webhook_id=${made.data.id}`);

    woo.state.updateProduct(20, { name: "Signed" });
    const [delivery] = await until(
      async () => received.slice(1),
      (r) => r.length >= 1,
    );
    expect(delivery?.headers["x-wc-webhook-topic"]).toBe("product.updated");
    expect(delivery?.headers["x-wc-webhook-signature"]).toBe(
      createHmac("sha256", "s3cret")
        .update(delivery?.body ?? "")
        .digest("base64"),
    );
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({ id: 20, name: "Signed" });

    answer = 500;
    woo.state.updateProduct(20, { name: "Refused" });
    await until(
      async () => woo.state.webhooks.get(made.data.id)?.status,
      (s) => s === "disabled",
      10_000,
    );
    expect(woo.state.webhooks.get(made.data.id)?.status).toBe("disabled");
    answer = 200;

    const refused = await failure(
      client().post("webhooks", {
        name: "t",
        topic: "product.updated",
        delivery_url: "http://127.0.0.1:9/none",
        secret: "x",
      }),
    );
    expect(refused).toMatchObject({
      status: 400,
      data: { code: "woocommerce_rest_webhook_delivery_failed" },
    });
  });
});
