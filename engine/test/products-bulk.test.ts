import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, PNG } from "./support/products.ts";

describe("products: bulk actions", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  const bulk = (body: unknown) =>
    request(engine, "POST", "/api/v1/products/bulk", { token: shop.accessToken, body });
  const get = (id: string) =>
    request(engine, "GET", `/api/v1/products/${id}`, { token: shop.accessToken });

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "Bulk shop");
  });
  afterAll(() => engine.close());

  it("sets the price of many products, bumping each revision", async () => {
    const [a, b] = [
      await createProduct(engine, shop.accessToken),
      await createProduct(engine, shop.accessToken),
    ];
    const res = await bulk({ action: "setPrice", ids: [a.id, b.id], price: 12.5 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ affected: 2 });
    for (const p of [a, b])
      expect((await get(p.id)).body).toMatchObject({ price: 12.5, revision: 2 });
  });

  it("sets the status, and counts only products that exist", async () => {
    const a = await createProduct(engine, shop.accessToken);
    const res = await bulk({
      action: "setStatus",
      ids: [a.id, "00000000-0000-4000-8000-000000000000"],
      status: "active",
    });
    expect(res.body).toEqual({ affected: 1 });
    expect((await get(a.id)).body.status).toBe("active");
  });

  it("deletes many products with their uploaded images", async () => {
    const a = await createProduct(engine, shop.accessToken);
    const b = await createProduct(engine, shop.accessToken);
    const upload = await request(engine, "POST", `/api/v1/products/${a.id}/images`, {
      token: shop.accessToken,
      rawBody: imageForm({ data: PNG, name: "a.png" }),
    });
    const mediaUrl = upload.body.images[0].url as string;
    expect((await request(engine, "GET", mediaUrl)).status).toBe(200);
    const res = await bulk({ action: "delete", ids: [a.id, b.id] });
    expect(res.body).toEqual({ affected: 2 });
    expect((await get(a.id)).status).toBe(404);
    expect((await get(b.id)).status).toBe(404);
    expect((await request(engine, "GET", mediaUrl)).status).toBe(404);
  });

  it("refuses bad actions: unknown action, missing value, wrong types, too many ids", async () => {
    const id = (await createProduct(engine, shop.accessToken)).id;
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    for (const body of [
      { action: "explode", ids: [id] },
      { action: "setPrice", ids: [id] },
      { action: "setPrice", ids: [id], price: -5 },
      { action: "setStatus", ids: [id], status: "lost" },
      { action: "delete", ids: [] },
      { action: "delete", ids: ["nope"] },
      { action: "delete", ids: ids(1001) },
      { action: "delete", ids: [id], price: 3 },
      { ids: [id] },
    ]) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect((await get(id)).status).toBe(200);
    expect((await bulk({ action: "delete", ids: ids(1000) })).body).toEqual({ affected: 0 });
  });
});
