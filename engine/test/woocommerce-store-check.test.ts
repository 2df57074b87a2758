// A store Stoflow cannot use is named for what it is before anything is stored or the owner
// approves anything: plain permalinks (no /wp-json/), or no WordPress at that address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./support/engine.ts";
import { startWooFlow, type WooFlow } from "./support/woocommerce.ts";

describe("checking a WooCommerce store before connecting it", () => {
  let flow: WooFlow;
  const asOwner = (path: string, body: unknown) =>
    request(flow.engine, "POST", path, { token: flow.shop.accessToken, body });
  const withKeys = (storeUrl: string) =>
    asOwner("/api/v1/sources/woocommerce", {
      storeUrl,
      consumerKey: flow.woo.key?.consumerKey,
      consumerSecret: flow.woo.key?.consumerSecret,
    });
  const authorize = (storeUrl: string) =>
    asOwner("/api/v1/sources/woocommerce/authorize", { storeUrl });

  beforeAll(async () => {
    flow = await startWooFlow({ products: 3, variableRatio: 0 });
  });
  afterAll(() => flow.close());

  it("tells the owner to turn on pretty permalinks, and stores nothing", async () => {
    await flow.control("PUT", "/permalinks", { structure: "plain" });
    // The sandbox still answers WordPress's ?rest_route= form, as a plain-permalink site does.
    const index = await fetch(`${flow.woo.url}/?rest_route=/`);
    expect(index.status).toBe(200);
    for (const res of [await withKeys(flow.woo.url), await authorize(flow.woo.url)]) {
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.detail).toContain("plain permalinks");
      expect(res.body.detail).toContain("Settings → Permalinks");
    }
    const sources = await request(flow.engine, "GET", "/api/v1/sources", {
      token: flow.shop.accessToken,
    });
    expect(sources.body.items).toEqual([]);
  });

  it("connects once the permalinks are pretty", async () => {
    await flow.control("PUT", "/permalinks", { structure: "pretty" });
    const start = await authorize(flow.woo.url);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(new URL(start.body.authorizeUrl).pathname).toBe("/wc-auth/v1/authorize");
    const connected = await withKeys(flow.woo.url);
    expect(connected.status, JSON.stringify(connected.body)).toBe(201);
  });

  it("says when no WordPress site answers at the address", async () => {
    // The engine itself: an HTTP server, but no WordPress.
    const res = await authorize(`${flow.engine.url}/shop`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("No WordPress site answers");
  });
});
