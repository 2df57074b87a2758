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

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("products: create, read, update, delete", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await signUp(engine, "Chez Léa");
  });
  afterAll(() => engine.close());

  it("creates a product and answers 201 with the stored product", async () => {
    const res = await request(engine, "POST", "/api/v1/products", {
      token: lea.accessToken,
      body: {
        sku: "  JEAN-501  ",
        title: "Jean Levi's 501",
        description: "Très bon état, taille haute.",
        brand: "Levi's",
        category: "Women > Jeans",
        size: "W28",
        colors: ["blue", "navy"],
        condition: "very_good",
        material: "cotton",
        price: 24.9,
        currency: "eur",
        quantity: 2,
        images: ["https://cdn.example.com/a.jpg", "http://localhost:9000/b.png"],
        attributes: { fit: "straight", measurements: { waist: 72 } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sku: "JEAN-501",
      title: "Jean Levi's 501",
      colors: ["blue", "navy"],
      condition: "very_good",
      price: 24.9,
      currency: "EUR",
      quantity: 2,
      status: "draft",
      revision: 1,
      listings: [],
      attributes: { fit: "straight", measurements: { waist: 72 } },
      images: [
        { url: "https://cdn.example.com/a.jpg", position: 0 },
        { url: "http://localhost:9000/b.png", position: 1 },
      ],
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    const read = await request(engine, "GET", `/api/v1/products/${res.body.id}`, {
      token: lea.accessToken,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it("fills defaults: EUR, quantity 1, empty description, no colors", async () => {
    const product = await createProduct(engine, lea.accessToken, { title: "Robe", price: 0 });
    expect(product).toMatchObject({
      currency: "EUR",
      quantity: 1,
      description: "",
      colors: [],
      images: [],
      attributes: {},
      sku: null,
      brand: null,
      condition: null,
      price: 0,
    });
  });

  it("refuses bad bodies with a 400 problem naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "x", price: 10, color: "red" }, "body"], // unknown field
      [{ title: "x", price: "10" }, "body.price"], // wrong type
      [{ title: "x", price: -1 }, "body.price"],
      [{ title: "x", price: 10.999 }, "body.price"],
      [{ title: "x", price: 10, quantity: 1.5 }, "body.quantity"],
      [{ title: "x", price: 10, currency: "EURO" }, "body.currency"],
      [{ title: "x", price: 10, currency: "ABC" }, "body.currency"],
      [{ title: "x", price: 10, condition: "like_new" }, "body.condition"],
      [{ title: "x".repeat(201), price: 10 }, "body.title"],
      [{ title: "", price: 10 }, "body.title"],
      [{ price: 10 }, "body.title"],
      [{ title: "x", price: 10, images: ["http://example.com/a.jpg"] }, "body.images.0"],
      [{ title: "x", price: 10, images: ["ftp://example.com/a.jpg"] }, "body.images.0"],
      [{ title: "x", price: 10, colors: "red" }, "body.colors"],
      [{ title: "x", price: 10, attributes: [1, 2] }, "body.attributes"],
      [{ title: "x", price: 10, attributes: { big: "x".repeat(20_000) } }, "body.attributes"],
      [{ title: "x", price: 10, id: MISSING }, "body"],
      [{ title: "x", price: 10, status: "active" }, "body"],
    ];
    for (const [body, path] of cases) {
      const res = await request(engine, "POST", "/api/v1/products", {
        token: lea.accessToken,
        body,
      });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.type).toBe("https://stoflow.app/problems/validation");
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("refuses malformed JSON and oversize bodies with 4xx problems", async () => {
    const malformed = await request(engine, "POST", "/api/v1/products", {
      token: lea.accessToken,
      rawBody: '{"title": "x", ',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const huge = await request(engine, "POST", "/api/v1/products", {
      token: lea.accessToken,
      body: { title: "x", price: 1, description: "x".repeat(2_000_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a second product with the same SKU (409)", async () => {
    await createProduct(engine, lea.accessToken, { sku: "DUP-1" });
    const res = await request(engine, "POST", "/api/v1/products", {
      token: lea.accessToken,
      body: { sku: "DUP-1", title: "Other", price: 5 },
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe("https://stoflow.app/problems/sku-taken");
    const other = await createProduct(engine, lea.accessToken, { sku: "DUP-2" });
    const patch = await request(engine, "PATCH", `/api/v1/products/${other.id}`, {
      token: lea.accessToken,
      body: { sku: "DUP-1" },
    });
    expect(patch.status).toBe(409);
  });

  it("patches only the fields sent and bumps the revision", async () => {
    const product = await createProduct(engine, lea.accessToken, {
      brand: "Zara",
      colors: ["red"],
      images: ["https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"],
    });
    const res = await request(engine, "PATCH", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
      body: {
        price: 30.5,
        brand: null,
        images: ["https://cdn.example.com/2.jpg", "https://cdn.example.com/3.jpg"],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: product.title,
      colors: ["red"],
      brand: null,
      price: 30.5,
      revision: 2,
    });
    // The image kept is the same image (same id), now first.
    expect(res.body.images[0]).toEqual({ ...product.images[1], position: 0 });
    expect(res.body.images[1].url).toBe("https://cdn.example.com/3.jpg");
    expect(res.body.updatedAt >= product.updatedAt).toBe(true);
    const again = await request(engine, "PATCH", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
      body: { title: "Renamed" },
    });
    expect(again.body.revision).toBe(3);
  });

  it("refuses bad patches: unknown fields, null title, wrong types", async () => {
    const product = await createProduct(engine, lea.accessToken);
    for (const body of [{ nope: 1 }, { title: null }, { price: null }, { quantity: "2" }]) {
      const res = await request(engine, "PATCH", `/api/v1/products/${product.id}`, {
        token: lea.accessToken,
        body,
      });
      expect(res.status).toBe(400);
    }
    const unchanged = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
    });
    expect(unchanged.body.revision).toBe(1);
  });

  it("deletes a product; afterwards it is 404 everywhere", async () => {
    const product = await createProduct(engine, lea.accessToken);
    await addListing(engine, lea.tenantId, product.id, "vinted", "published");
    const del = await request(engine, "DELETE", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
    });
    expect(del.status).toBe(204);
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { title: "x" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await request(engine, method, `/api/v1/products/${product.id}`, {
        token: lea.accessToken,
        body,
      });
      expect(res.status).toBe(404);
      expect(res.body.type).toBe("https://stoflow.app/problems/not-found");
    }
  });

  it("answers 400 for malformed ids and 404 for unknown ones", async () => {
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const body = method === "PATCH" ? { title: "x" } : undefined;
      const bad = await request(engine, method, "/api/v1/products/not-a-uuid", {
        token: lea.accessToken,
        body,
      });
      expect(bad.status).toBe(400);
      const missing = await request(engine, method, `/api/v1/products/${MISSING}`, {
        token: lea.accessToken,
        body,
      });
      expect(missing.status).toBe(404);
    }
  });

  it("shows the product's listings per platform, for status chips", async () => {
    const product = await createProduct(engine, lea.accessToken);
    await addListing(engine, lea.tenantId, product.id, "vinted", "published");
    await addListing(engine, lea.tenantId, product.id, "ebay", "error");
    const res = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
    });
    expect(res.body.listings).toEqual([
      { platform: "ebay", state: "error" },
      { platform: "vinted", state: "published" },
    ]);
  });

  it("requires a signed-in user", async () => {
    const res = await request(engine, "GET", "/api/v1/products");
    expect(res.status).toBe(401);
  });
});

describe("products: plan limit", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("stops a Starter shop at 50 products with a 402 naming the limit and the upgrade", async () => {
    const shop = await signUp(engine, "Starter shop");
    await setPlan(engine, shop.tenantId, "starter");
    const created = await Promise.all(
      Array.from({ length: 52 }, (_, i) =>
        request(engine, "POST", "/api/v1/products", {
          token: shop.accessToken,
          body: { title: `Product ${i}`, price: 1 },
        }),
      ),
    );
    const statuses = created.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 402)).toHaveLength(2);
    const refused = created.find((r) => r.status === 402);
    expect(refused?.body).toMatchObject({
      type: "https://stoflow.app/problems/plan-limit",
      limit: "products",
      plan: "starter",
      max: 50,
      current: 50,
      upgradeTo: "standard",
    });
    const list = await request(engine, "GET", "/api/v1/products?perPage=1", {
      token: shop.accessToken,
    });
    expect(list.body.total).toBe(50);
    // Deleting one frees a slot.
    await request(engine, "DELETE", `/api/v1/products/${list.body.items[0].id}`, {
      token: shop.accessToken,
    });
    await createProduct(engine, shop.accessToken);
  });
});

describe("products: tenant isolation", () => {
  let engine: TestEngine;
  let a: SignedUp;
  let b: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    a = await signUp(engine, "Shop A");
    b = await signUp(engine, "Shop B");
  });
  afterAll(() => engine.close());

  it("never lets tenant A read or change tenant B's products", async () => {
    const theirs = await createProduct(engine, b.accessToken, { sku: "B-1" });
    const path = `/api/v1/products/${theirs.id}`;
    const attempts = [
      request(engine, "GET", path, { token: a.accessToken }),
      request(engine, "PATCH", path, { token: a.accessToken, body: { price: 1 } }),
      request(engine, "DELETE", path, { token: a.accessToken }),
      request(engine, "PUT", `${path}/images/order`, {
        token: a.accessToken,
        body: { imageIds: [] },
      }),
      request(engine, "DELETE", `${path}/images/${theirs.id}`, { token: a.accessToken }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    const bulk = await request(engine, "POST", "/api/v1/products/bulk", {
      token: a.accessToken,
      body: { action: "setPrice", ids: [theirs.id], price: 1 },
    });
    expect(bulk.body).toEqual({ affected: 0 });
    const list = await request(engine, "GET", "/api/v1/products", { token: a.accessToken });
    expect(list.body).toMatchObject({ items: [], total: 0 });
    // A's own product may take B's SKU: SKUs are unique per shop.
    await createProduct(engine, a.accessToken, { sku: "B-1" });
    const still = await request(engine, "GET", path, { token: b.accessToken });
    expect(still.body).toEqual(theirs);
  });
});
