// Full catalog import from the Shopify sandbox over HTTP into a real PostgreSQL: the bulk
// operation's JSONL is read page by page with Range requests, every field lands where it
// belongs, variants included; random upstream faults do not lose a product.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopProduct } from "../src/sandbox/shopify/state.ts";
import { importedProducts, type ShopifyFlow, startShopifyFlow } from "./support/shopify.ts";

function expectLanded(
  shop: ShopProduct,
  row: Awaited<ReturnType<typeof importedProducts>>[number],
) {
  const tag = (key: string) =>
    shop.tags.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
  const sizes = [...new Set(shop.variants.map((v) => v.options[0]?.value))];
  expect(row).toMatchObject({
    title: shop.title,
    description: shop.descriptionHtml.replace(/<[^>]+>/g, ""),
    brand: shop.vendor,
    category: shop.productType,
    condition: tag("condition"),
    material: tag("material"),
    size: sizes.length === 1 ? sizes[0] : null,
    colors: [shop.variants[0]?.options[1]?.value],
    price: Math.min(...shop.variants.map((v) => Number(v.price))).toFixed(2),
    quantity: shop.variants.reduce((sum, v) => sum + v.available, 0),
    status: "active",
    sku: shop.variants.length === 1 ? shop.variants[0]?.sku : null,
    sourceUpdatedAt: shop.updatedAt,
  });
  expect(row.images.map((i) => [i.url, i.alt])).toEqual(shop.images.map((i) => [i.url, i.altText]));
  expect(
    row.variants.map((v) => ({
      ref: v.sourceRef,
      sku: v.sku,
      price: v.price,
      quantity: v.quantity,
      size: v.size,
      color: v.color,
    })),
  ).toEqual(
    shop.variants.map((v) => ({
      ref: String(v.id),
      sku: v.sku,
      price: Number(v.price).toFixed(2),
      quantity: v.available,
      size: v.options[0]?.value,
      color: v.options[1]?.value,
    })),
  );
}

describe("Shopify full import", () => {
  let flow: ShopifyFlow;
  beforeAll(async () => {
    flow = await startShopifyFlow();
  }, 60_000);
  afterAll(() => flow?.close());

  it("imports 10,000 products with their variants and images through a streamed bulk JSONL", async () => {
    await flow.control("POST", "/products/seed", { count: 10_000, seed: 7 });
    const progress = await flow.runImport();
    expect(progress).toMatchObject({ status: "succeeded", total: 10_000, done: 10_000, failed: 0 });

    const rows = await importedProducts(flow);
    expect(rows).toHaveLength(10_000);
    const byRef = new Map(rows.map((r) => [r.sourceRef, r]));
    for (const shop of flow.sandbox.state.sortedProducts()) {
      const row = byRef.get(String(shop.id));
      expect(row, `product ${shop.id}`).toBeDefined();
      if (row) expectLanded(shop, row);
    }

    // One bulk operation; its file read in pages, each from where the previous page stopped.
    const requests = flow.sandbox.requests.list();
    const downloads = requests.filter((r) => r.path.startsWith("/bulk-results/"));
    expect(downloads.length).toBeGreaterThanOrEqual(10_000 / 250);
    const offsets = downloads.map((d) => Number(/^bytes=(\d+)-$/.exec(d.range ?? "bytes=0-")?.[1]));
    expect(offsets[0]).toBe(0);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(flow.sandbox.bulk.operations.size).toBe(1);
    expect(requests.every((r) => r.code !== "THROTTLED")).toBe(true);
  }, 120_000);

  it("imports again after edits without duplicates, the newest shop version winning", async () => {
    const [first, second] = flow.sandbox.state.sortedProducts();
    await flow.control("PATCH", `/products/${first?.id}`, {
      title: "Renamed in Shopify",
      price: "42.00",
    });
    await flow.control("DELETE", `/products/${second?.id}`);
    const progress = await flow.runImport({ kind: "incremental" });
    expect(progress.status).toBe("succeeded");
    expect(progress.done).toBeGreaterThanOrEqual(1);
    const rows = await importedProducts(flow);
    expect(rows).toHaveLength(10_000); // no duplicates (a deletion arrives by webhook or full import)
    const renamed = rows.find((r) => r.sourceRef === String(first?.id));
    expect(renamed).toMatchObject({ title: "Renamed in Shopify", price: "42.00" });
  }, 60_000);
});

describe("Shopify import under upstream faults", () => {
  let flow: ShopifyFlow;
  beforeAll(async () => {
    flow = await startShopifyFlow({ bulk: { pageSize: 100 } });
  }, 60_000);
  afterAll(() => flow?.close());

  it("still ends with 100 % of the products when 5 % of requests fail (5xx, 429, THROTTLED, cut off)", async () => {
    await flow.control("POST", "/products/seed", { count: 3_000, seed: 11 });
    // And two downloads of the export cut off mid-page for sure.
    await flow.control("POST", "/faults", { type: "truncated", path: "/bulk-results", count: 2 });
    await flow.control("PUT", "/faults/rate", {
      rate: 0.05,
      types: ["server_error", "rate_limited", "throttled", "truncated"],
      seed: 3,
    });
    const progress = await flow.runImport();
    expect(progress).toMatchObject({ status: "succeeded", done: 3_000, failed: 0 });
    const rows = await importedProducts(flow);
    expect(new Set(rows.map((r) => r.sourceRef)).size).toBe(3_000);
    const { injected } = await flow.control("GET", "/faults");
    expect(injected).toBeGreaterThan(0);
    // Some downloads of the export were cut off mid-page; their pages were read again.
    const cut = flow.sandbox.requests
      .list()
      .filter((r) => r.path.startsWith("/bulk-results/") && r.status === 0);
    expect(cut.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

describe("Shopify import stopped and resumed", () => {
  let flow: ShopifyFlow;
  beforeAll(async () => {
    flow = await startShopifyFlow({ bulk: { pageSize: 100 } });
  }, 60_000);
  afterAll(() => flow?.close());

  it("resumes from its cursor in the same bulk file: same final state, no duplicates", async () => {
    await flow.control("POST", "/products/seed", { count: 2_000, seed: 13 });
    const stop = new AbortController();
    const stopped = await flow
      .runImport({
        signal: stop.signal,
        onProgress: (p) => {
          if (p.done >= 500) stop.abort(new Error("killed"));
        },
      })
      .catch((error: Error) => error);
    expect(stopped).toBeInstanceOf(Error);
    const partial = await importedProducts(flow);
    expect(partial.length).toBeGreaterThanOrEqual(500);
    expect(partial.length).toBeLessThan(2_000);

    const progress = await flow.runImport();
    expect(progress).toMatchObject({ status: "succeeded", done: 2_000, failed: 0, resumes: 1 });
    const rows = await importedProducts(flow);
    expect(rows).toHaveLength(2_000);
    expect(new Set(rows.map((r) => r.sourceRef)).size).toBe(2_000);
    // The resumed run read on from where the stored cursor stood, in the same export.
    expect(flow.sandbox.bulk.operations.size).toBe(1);
    const starts = flow.sandbox.requests
      .list()
      .filter((r) => r.path.startsWith("/bulk-results/"))
      .map((r) => r.range ?? "bytes=0-");
    expect(starts.filter((r) => r === "bytes=0-").length).toBeLessThanOrEqual(2); // one read ahead
  }, 60_000);
});
