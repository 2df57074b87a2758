import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { addListing, createProduct } from "./support/products.ts";

interface Item {
  id: string;
  sku: string;
  title: string;
  price: number;
  quantity: number;
  status: string;
}

describe("products: the list", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  let all: Item[];
  const list = async (query: string) => {
    const res = await request(engine, "GET", `/api/v1/products${query}`, {
      token: shop.accessToken,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: Item[]; total: number; page: number; perPage: number };
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "List shop");
    await setPlan(engine, shop.tenantId, "premium");
    const brands = ["Levi's", "Zara", "Sézane"];
    all = [];
    for (let i = 0; i < 30; i++) {
      all.push(
        await createProduct(engine, shop.accessToken, {
          sku: `SKU-${String(i).padStart(3, "0")}`,
          title: `${i % 2 ? "Robe" : "Jean"} n°${i}`,
          brand: brands[i % 3],
          price: (i * 7) % 50,
          quantity: i % 4,
        }),
      );
    }
    const ids = (n: number) => all.filter((_, i) => i % 3 === n).map((p) => p.id);
    for (const [n, status] of [
      [1, "active"],
      [2, "sold"],
    ] as const) {
      const res = await request(engine, "POST", "/api/v1/products/bulk", {
        token: shop.accessToken,
        body: { action: "setStatus", ids: ids(n), status },
      });
      expect(res.body.affected).toBe(10);
    }
    await addListing(engine, shop.tenantId, all[0]?.id as string, "vinted", "published");
    await addListing(engine, shop.tenantId, all[1]?.id as string, "vinted", "error");
    await addListing(engine, shop.tenantId, all[1]?.id as string, "ebay", "published");
  });
  afterAll(() => engine.close());

  it("pages with a total, 50 per page by default, newest first", async () => {
    const first = await list("");
    expect(first).toMatchObject({ total: 30, page: 1, perPage: 50 });
    expect(first.items.map((p) => p.id)).toEqual([...all].reverse().map((p) => p.id));
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list(`?perPage=8&page=${page}`)));
    expect(pages.map((p) => p.items.length)).toEqual([8, 8, 8, 6]);
    expect(pages.every((p) => p.total === 30 && p.perPage === 8)).toBe(true);
    const seen = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(new Set(seen).size).toBe(30);
    const beyond = await list("?page=9&perPage=8");
    expect(beyond).toMatchObject({ items: [], total: 30, page: 9 });
  });

  it("sorts on each field, ascending or descending, with stable ties", async () => {
    const byPrice = await list("?sort=price&perPage=100");
    const prices = byPrice.items.map((p) => p.price);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    const byPriceDesc = await list("?sort=-price&perPage=100");
    expect(byPriceDesc.items.map((p) => p.id)).toEqual(byPrice.items.map((p) => p.id).reverse());
    const bySku = await list("?sort=sku&perPage=5");
    expect(bySku.items.map((p) => p.sku)).toEqual([
      "SKU-000",
      "SKU-001",
      "SKU-002",
      "SKU-003",
      "SKU-004",
    ]);
    const byTitleDesc = await list("?sort=-title&perPage=100");
    expect(byTitleDesc.items[0]?.title.startsWith("Robe")).toBe(true);
    const byQuantity = await list("?sort=quantity&perPage=100");
    const quantities = byQuantity.items.map((p) => p.quantity);
    expect(quantities).toEqual([...quantities].sort((x, y) => x - y));
    // Pages of a sort with many ties never repeat nor skip a product.
    const pages = await Promise.all(
      [1, 2, 3].map((n) => list(`?sort=quantity&perPage=10&page=${n}`)),
    );
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.id))).size).toBe(30);
    for (const sort of ["createdAt", "-updatedAt", "updatedAt"]) {
      expect((await list(`?sort=${sort}`)).items).toHaveLength(30);
    }
  });

  it("filters by status, with the matching total", async () => {
    const active = await list("?status=active&perPage=3");
    expect(active.total).toBe(10);
    expect(active.items.every((p) => p.status === "active")).toBe(true);
    expect((await list("?status=archived")).total).toBe(0);
    expect((await list("?status=draft")).total).toBe(10);
  });

  it("searches SKU, title and brand, whatever the case", async () => {
    expect((await list("?q=robe")).total).toBe(15);
    expect((await list("?q=SKU-01")).total).toBe(10);
    expect((await list(`?q=${encodeURIComponent("sézane")}`)).total).toBe(10);
    expect((await list("?q=levi's&status=active")).total).toBe(0);
    expect((await list("?q=zara&status=active")).total).toBe(10);
    // LIKE wildcards are plain text here.
    expect((await list("?q=%25")).total).toBe(0);
    expect((await list("?q=_")).total).toBe(0);
  });

  it("filters by platform and listing state, and shows listings for status chips", async () => {
    const vinted = await list("?platform=vinted");
    expect(vinted.total).toBe(2);
    const errors = await list("?listingState=error");
    expect(errors.items.map((p) => p.id)).toEqual([all[1]?.id]);
    const ebayPublished = await list("?platform=ebay&listingState=published");
    expect(ebayPublished.total).toBe(1);
    expect((await list("?platform=etsy")).total).toBe(0);
    const withListings = ebayPublished.items[0] as unknown as { listings: unknown[] };
    expect(withListings.listings).toEqual([
      { platform: "ebay", state: "published" },
      { platform: "vinted", state: "error" },
    ]);
  });

  it("refuses bad queries with 400 problems", async () => {
    for (const query of [
      "?perPage=101",
      "?perPage=0",
      "?page=0",
      "?page=abc",
      "?sort=color",
      "?sort=--price",
      "?status=lost",
      "?listingState=gone",
      "?platform=Vinted!",
      "?q=",
      `?q=${"x".repeat(201)}`,
      "?unknown=1",
      "?page=1&page=2",
    ]) {
      const res = await request(engine, "GET", `/api/v1/products${query}`, {
        token: shop.accessToken,
      });
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("keeps totals exact through creates, status changes and deletes", async () => {
    const p = await createProduct(engine, shop.accessToken);
    expect((await list("?status=draft")).total).toBe(11);
    await request(engine, "POST", "/api/v1/products/bulk", {
      token: shop.accessToken,
      body: { action: "setStatus", ids: [p.id], status: "archived" },
    });
    expect((await list("?status=draft")).total).toBe(10);
    expect((await list("?status=archived")).total).toBe(1);
    await request(engine, "DELETE", `/api/v1/products/${p.id}`, { token: shop.accessToken });
    expect((await list("?status=archived")).total).toBe(0);
    expect((await list("")).total).toBe(30);
  });
});
