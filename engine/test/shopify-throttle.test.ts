// Shopify's cost-based rate limit, seen from the Shopify source against the sandbox over HTTP:
// the client waits for the bucket to refill instead of being THROTTLED, waits out THROTTLED
// answers by the restore rate they report, and a whole import under a small bucket never
// draws one. Plus the answers that are not worth retrying.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ShopifySandbox, startShopifySandbox } from "../src/sandbox/shopify/server.ts";
import { ShopifyClient } from "../src/sources/shopify/client.ts";
import { SourceError } from "../src/sources/source.ts";
import { importedProducts, type ShopifyFlow, startShopifyFlow } from "./support/shopify.ts";

const PAGE = `query Page($after: String) {
  products(first: 5, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id title variants(first: 3) { nodes { id sku } } }
  }
}`;

describe("Shopify client and the cost bucket", () => {
  let sandbox: ShopifySandbox;
  beforeAll(async () => {
    sandbox = await startShopifySandbox({ seedProducts: 40 });
  });
  afterAll(() => sandbox?.close());
  const client = () =>
    new ShopifyClient({
      shop: sandbox.shop,
      accessToken: sandbox.accessToken,
      baseUrl: sandbox.url,
    });

  it("waits for the bucket to refill rather than being THROTTLED", async () => {
    sandbox.bucket.configure({ maximumAvailable: 60, restoreRate: 60 });
    sandbox.requests.clear();
    const c = client();
    // Eight queries of 27 points each at once: about 220 points through a 60-point bucket.
    const pages = await Promise.all(
      Array.from({ length: 8 }, () => c.request<{ products: { nodes: unknown[] } }>(PAGE)),
    );
    expect(pages.every((p) => p.products.nodes.length === 5)).toBe(true);
    const answered = sandbox.requests.list();
    // At most the first query goes out blind (its cost unknown yet); none after it is refused.
    expect(answered.filter((r) => r.code === "THROTTLED").length).toBeLessThanOrEqual(1);
    expect(answered.filter((r) => r.code === null && r.status === 200)).toHaveLength(8);
    expect(c.bucket.waitedMs).toBeGreaterThan(0);
  });

  it("waits out THROTTLED answers by the restore rate they report, then succeeds", async () => {
    sandbox.bucket.configure({ maximumAvailable: 1000, restoreRate: 500 });
    sandbox.requests.clear();
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "throttled", count: 2 }),
    });
    const data = await client().request<{ products: { nodes: unknown[] } }>(PAGE);
    expect(data.products.nodes).toHaveLength(5);
    expect(sandbox.requests.list().map((r) => r.code)).toEqual(["THROTTLED", "THROTTLED", null]);
  });

  it("gives up at once on a refused token or a query over the single-query cost cap", async () => {
    const bad = new ShopifyClient({
      shop: sandbox.shop,
      accessToken: "shpat_revoked_token",
      baseUrl: sandbox.url,
    });
    const refused = await bad.request(PAGE).catch((e) => e);
    expect(refused).toBeInstanceOf(SourceError);
    expect(refused).toMatchObject({ kind: "auth", status: 401 });

    sandbox.requests.clear();
    const huge = `{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }`;
    const tooCostly = (await client()
      .request(huge)
      .catch((e) => e)) as SourceError;
    expect(tooCostly).toMatchObject({ kind: "permanent" });
    expect(String(tooCostly.message)).toContain("max cost");
    expect(sandbox.requests.list()).toHaveLength(1);
  });
});

describe("A whole import under a small bucket", () => {
  let flow: ShopifyFlow;
  beforeAll(async () => {
    flow = await startShopifyFlow({
      sandbox: { throttle: { maximumAvailable: 40, restoreRate: 20 } },
      bulk: { pageSize: 50 },
    });
  }, 60_000);
  afterAll(() => flow?.close());

  it("imports everything and draws no THROTTLED answer after its first query", async () => {
    await flow.control("POST", "/products/seed", { count: 300, seed: 9 });
    const progress = await flow.runImport();
    expect(progress).toMatchObject({ status: "succeeded", done: 300 });
    expect(await importedProducts(flow)).toHaveLength(300);
    const graphql = flow.sandbox.requests.list().filter((r) => r.path.endsWith("graphql.json"));
    expect(graphql.slice(1).filter((r) => r.code === "THROTTLED")).toEqual([]);
  }, 60_000);
});
