import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, PNG } from "./support/products.ts";

const csv = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("products: CSV export and import", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  const importCsv = (text: string, token = shop.accessToken) =>
    request(engine, "POST", "/api/v1/products/import", {
      token,
      rawBody: text,
      headers: { "content-type": "text/csv" },
    });
  const exportCsv = async (token = shop.accessToken) => {
    const res = await request(engine, "GET", "/api/v1/products/export", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    return parse(res.body as string, { bom: true, columns: true }) as Record<string, string>[];
  };
  const bySku = async (sku: string) => {
    const res = await request(engine, "GET", `/api/v1/products?q=${sku}`, {
      token: shop.accessToken,
    });
    return res.body.items.find((p: { sku: string }) => p.sku === sku);
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "CSV shop");
    await setPlan(engine, shop.tenantId, "premium");
  });
  afterAll(() => engine.close());

  it("exports every product with a stable header and joined colors", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      sku: "EXP-1",
      title: 'Veste "vintage", taille M',
      description: "Ligne 1\nLigne 2",
      brand: "Sézane",
      colors: ["red", "navy blue"],
      condition: "good",
      price: 45.5,
      images: ["https://cdn.example.com/v.jpg"],
      attributes: { season: "fall" },
    });
    await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
      token: shop.accessToken,
      rawBody: imageForm({ data: PNG, name: "v.png" }),
    });
    const res = await fetch(`${engine.url}/api/v1/products/export`, {
      headers: { authorization: `Bearer ${shop.accessToken}` },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    // A byte order mark, so that spreadsheet software reads the accents right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8").split("\n")[0]).toBe(
      "sku,title,description,brand,category,size,colors,condition,material,price,currency,quantity,images,attributes,status,id,createdAt,updatedAt",
    );
    expect(res.headers.get("content-disposition")).toContain("products.csv");
    const [row] = await exportCsv();
    expect(row).toMatchObject({
      sku: "EXP-1",
      title: 'Veste "vintage", taille M',
      description: "Ligne 1\nLigne 2",
      brand: "Sézane",
      colors: "red, navy blue",
      condition: "good",
      price: "45.50",
      currency: "EUR",
      quantity: "1",
      attributes: '{"season":"fall"}',
      status: "draft",
      id: product.id,
    });
    expect(row?.images).toMatch(/^https:\/\/cdn\.example\.com\/v\.jpg \/media\/\S+\.png$/);
  });

  it("round-trips: an exported file imported again changes nothing, not even revisions", async () => {
    await createProduct(engine, shop.accessToken, { sku: "RT-1", colors: ["black"], quantity: 0 });
    await createProduct(engine, shop.accessToken, { title: "Sans SKU", price: 3.1 });
    const before = await exportCsv();
    const text = await (
      await fetch(`${engine.url}/api/v1/products/export`, {
        headers: { authorization: `Bearer ${shop.accessToken}` },
      })
    ).text();
    const res = await importCsv(text);
    expect(res.status).toBe(200);
    // The product without a SKU cannot be matched: it comes back as a new one.
    expect(res.body).toEqual({ created: 1, updated: 2, failed: 0, errors: [] });
    const after = await exportCsv();
    expect(after.slice(0, before.length)).toEqual(before);
    const { id, createdAt, updatedAt, ...copied } = before.at(-1) as Record<string, string>;
    expect(after[before.length]).toMatchObject(copied);
    expect(after[before.length]?.id).not.toBe(id);
    expect((await bySku("RT-1")).revision).toBe(1);
  });

  it("keeps the good rows and reports each bad one with its row and field", async () => {
    const res = await importCsv(
      csv(
        "sku,title,price,quantity,colors,condition,images,attributes",
        "IMP-1,Pull marin,19.90,2,blue|white,very_good,https://cdn.example.com/p.jpg,",
        'IMP-2,Chemise,"12,50",1,,good,,"{""fit"":""slim""}"',
        "IMP-3,,10,1,,,,",
        "IMP-4,Jupe,-3,1,,,,",
        "IMP-5,Robe,15,1.5,,like_new,,",
        "IMP-6,Manteau,80,1,,,http://example.com/x.jpg,",
        "IMP-7,Short,9,1,,,,not json",
        "IMP-8,Gilet,9",
        "IMP-1,Pull marin (2),21,,,,,",
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1, failed: 6 });
    const errors = res.body.errors as { row: number; field: string | null; message: string }[];
    const fields = errors.map((e) => [e.row, e.field]);
    expect(fields).toEqual(
      expect.arrayContaining([
        [4, "title"],
        [5, "price"],
        [6, "quantity"],
        [6, "condition"],
        [7, "images"],
        [8, "attributes"],
        [9, null],
      ]),
    );
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
    // Row 10 updated IMP-1: empty cells clear optional fields, an empty quantity keeps it.
    expect(await bySku("IMP-1")).toMatchObject({
      title: "Pull marin (2)",
      price: 21,
      quantity: 2,
      colors: [],
      condition: null,
      revision: 2,
    });
    expect(await bySku("IMP-2")).toMatchObject({
      price: 12.5,
      attributes: { fit: "slim" },
    });
    for (const sku of ["IMP-3", "IMP-4", "IMP-5", "IMP-6", "IMP-7", "IMP-8"]) {
      expect(await bySku(sku)).toBeUndefined();
    }
  });

  it("writes a row all or nothing: a failing image leaves the product untouched", async () => {
    await createProduct(engine, shop.accessToken, { sku: "ATOM-1", title: "Avant", price: 5 });
    const res = await importCsv(
      csv("sku,title,price,images", "ATOM-1,Après,6,/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.png"),
    );
    expect(res.body).toMatchObject({ created: 0, updated: 0, failed: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 2, field: "images" });
    expect(await bySku("ATOM-1")).toMatchObject({ title: "Avant", price: 5, revision: 1 });
  });

  it("refuses files it cannot read: unknown columns, broken quotes, empty, not CSV, too big", async () => {
    const unknown = await importCsv(csv("sku,title,price,colour", "A,B,1,red"));
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('"colour"');
    expect((await importCsv(csv("sku,title,price,title", "A,B,1,C"))).status).toBe(400);
    expect((await importCsv('sku,title\n"A,B\n')).status).toBe(400);
    expect((await importCsv("")).status).toBe(400);
    const json = await request(engine, "POST", "/api/v1/products/import", {
      token: shop.accessToken,
      body: { sku: "A" },
    });
    expect(json.status).toBe(400);
    const big = await importCsv(`sku,title,price\n${"A,B,1\n".repeat(1_000_000)}`);
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toContain("application/problem+json");
  });

  it("stops at the plan's product limit and reports the rows beyond it", async () => {
    const starter = await signUp(engine, "Small CSV shop");
    await setPlan(engine, starter.tenantId, "starter");
    for (let i = 0; i < 48; i++)
      await createProduct(engine, starter.accessToken, { sku: `S-${i}` });
    const res = await importCsv(
      csv("sku,title,price", "S-0,Updated,3", "N-1,New 1,1", "N-2,New 2,1", "N-3,New 3,1"),
      starter.accessToken,
    );
    expect(res.body).toMatchObject({ created: 2, updated: 1, failed: 1 });
    expect(res.body.errors).toEqual([
      { row: 5, field: null, message: expect.stringContaining("50 products") },
    ]);
    const list = await request(engine, "GET", "/api/v1/products?perPage=1", {
      token: starter.accessToken,
    });
    expect(list.body.total).toBe(50);
  });

  it("exports and imports only the caller's own products", async () => {
    const other = await signUp(engine, "Other CSV shop");
    expect(await exportCsv(other.accessToken)).toEqual([]);
    const res = await importCsv(csv("sku,title,price", "EXP-1,Hijack,1"), other.accessToken);
    expect(res.body).toMatchObject({ created: 1, updated: 0 });
    expect(await bySku("EXP-1")).toMatchObject({ title: 'Veste "vintage", taille M' });
  });
});
