import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, JPEG, PNG, WEBP } from "./support/products.ts";

describe("products: images", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  const upload = (productId: string, form: FormData, token = shop.accessToken) =>
    request(engine, "POST", `/api/v1/products/${productId}/images`, { token, rawBody: form });
  const uploads = () => {
    const dir = join(engine.ctx.config.dataDir, "uploads");
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "Image shop");
  });
  afterAll(() => engine.close());

  it("stores JPEG, PNG and WebP uploads after the remote images and serves them back", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      images: ["https://cdn.example.com/cover.jpg"],
    });
    const res = await upload(
      product.id,
      imageForm(
        { data: JPEG, name: "front.jpg", type: "image/jpeg" },
        { data: PNG, name: "back.png" },
        { data: WEBP, name: "label.webp" },
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body.revision).toBe(2);
    const images = res.body.images as { id: string; url: string; position: number }[];
    expect(images.map((i) => i.position)).toEqual([0, 1, 2, 3]);
    expect(images[0]?.url).toBe("https://cdn.example.com/cover.jpg");
    for (const [i, [type, bytes]] of (
      [
        ["image/jpeg", JPEG],
        ["image/png", PNG],
        ["image/webp", WEBP],
      ] as const
    ).entries()) {
      const url = images[i + 1]?.url as string;
      expect(url).toMatch(/^\/media\/[A-Za-z0-9_-]{32}\.(jpg|png|webp)$/);
      const served = await fetch(`${engine.url}${url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe(type);
      expect(served.headers.get("cache-control")).toContain("immutable");
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const read = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
    });
    expect(read.body.images).toEqual(images);
  });

  it("judges the type by the bytes: a text file named .jpg is refused with 415", async () => {
    const product = await createProduct(engine, shop.accessToken);
    const before = uploads().length;
    const res = await upload(
      product.id,
      imageForm(
        { data: PNG, name: "ok.png" },
        { data: Buffer.from("GIF89a not allowed"), name: "photo.jpg", type: "image/jpeg" },
      ),
    );
    expect(res.status).toBe(415);
    expect(res.body.type).toBe("https://stoflow.app/problems/unsupported-image-type");
    expect(uploads().length).toBe(before);
    const read = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
    });
    expect(read.body.images).toEqual([]);
  });

  it("refuses files over 10 MB (413), too many files, other fields and non-multipart bodies", async () => {
    const product = await createProduct(engine, shop.accessToken);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(product.id, imageForm({ data: big, name: "big.png" }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get("content-type")).toContain("application/problem+json");
    const eleven = Array.from({ length: 11 }, (_, i) => ({ data: PNG, name: `${i}.png` }));
    expect((await upload(product.id, imageForm(...eleven))).status).toBe(400);
    const wrongField = new FormData();
    wrongField.append("photo", new Blob([PNG]), "a.png");
    expect((await upload(product.id, wrongField)).status).toBe(400);
    expect((await upload(product.id, new FormData())).status).toBe(400);
    const json = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
      token: shop.accessToken,
      body: { images: ["x"] },
    });
    expect(json.status).toBe(400);
    const read = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
    });
    expect(read.body.images).toEqual([]);
  });

  it("answers 404 for an unknown product and 400 for a malformed id, storing nothing", async () => {
    const before = uploads().length;
    const missing = await upload(
      "00000000-0000-4000-8000-000000000000",
      imageForm({ data: PNG, name: "a.png" }),
    );
    expect(missing.status).toBe(404);
    expect((await upload("nope", imageForm({ data: PNG, name: "a.png" }))).status).toBe(400);
    expect(uploads().length).toBe(before);
  });

  it("reorders images with the full list of ids, and refuses partial or foreign lists", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      images: ["https://cdn.example.com/1.jpg"],
    });
    const uploaded = await upload(
      product.id,
      imageForm({ data: PNG, name: "2.png" }, { data: JPEG, name: "3.jpg" }),
    );
    const ids = (uploaded.body.images as { id: string }[]).map((i) => i.id);
    const order = (imageIds: unknown) =>
      request(engine, "PUT", `/api/v1/products/${product.id}/images/order`, {
        token: shop.accessToken,
        body: { imageIds },
      });
    const reordered = await order([ids[2], ids[0], ids[1]]);
    expect(reordered.status).toBe(200);
    expect(reordered.body.images.map((i: { id: string }) => i.id)).toEqual([
      ids[2],
      ids[0],
      ids[1],
    ]);
    expect(reordered.body.images.map((i: { position: number }) => i.position)).toEqual([0, 1, 2]);
    expect(reordered.body.revision).toBe(3);
    for (const bad of [
      [ids[0], ids[1]],
      [ids[0], ids[1], ids[1]],
      [ids[0], ids[1], "00000000-0000-4000-8000-000000000000"],
      ["x"],
      "all",
    ]) {
      expect((await order(bad)).status).toBe(400);
    }
  });

  it("keeps uploaded images when a patch lists them by url, and deletes the dropped files", async () => {
    const product = await createProduct(engine, shop.accessToken);
    const uploaded = await upload(
      product.id,
      imageForm({ data: PNG, name: "a.png" }, { data: JPEG, name: "b.jpg" }),
    );
    const [a, b] = uploaded.body.images as { id: string; url: string }[];
    const patch = await request(engine, "PATCH", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
      body: { images: [b?.url, "https://cdn.example.com/new.jpg"] },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.images[0]).toEqual({ ...b, position: 0 });
    expect((await fetch(`${engine.url}${a?.url}`)).status).toBe(404);
    expect((await fetch(`${engine.url}${b?.url}`)).status).toBe(200);
    const foreign = await request(engine, "PATCH", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
      body: { images: ["/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.png"] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe("body.images.0");
  });

  it("deletes one image: the others move up, the file is gone", async () => {
    const product = await createProduct(engine, shop.accessToken);
    const uploaded = await upload(
      product.id,
      imageForm(
        { data: PNG, name: "a.png" },
        { data: JPEG, name: "b.jpg" },
        { data: WEBP, name: "c.webp" },
      ),
    );
    const [a, b, c] = uploaded.body.images as { id: string; url: string }[];
    const del = await request(engine, "DELETE", `/api/v1/products/${product.id}/images/${b?.id}`, {
      token: shop.accessToken,
    });
    expect(del.status).toBe(204);
    expect((await fetch(`${engine.url}${b?.url}`)).status).toBe(404);
    const read = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
    });
    expect(read.body.images).toEqual([
      { ...a, position: 0 },
      { ...c, position: 1 },
    ]);
    const again = await request(
      engine,
      "DELETE",
      `/api/v1/products/${product.id}/images/${b?.id}`,
      {
        token: shop.accessToken,
      },
    );
    expect(again.status).toBe(404);
    const bad = await request(engine, "DELETE", `/api/v1/products/${product.id}/images/nope`, {
      token: shop.accessToken,
    });
    expect(bad.status).toBe(400);
  });

  it("caps a product at 20 images", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      images: Array.from({ length: 15 }, (_, i) => `https://cdn.example.com/${i}.jpg`),
    });
    const six = Array.from({ length: 6 }, (_, i) => ({ data: PNG, name: `${i}.png` }));
    const res = await upload(product.id, imageForm(...six));
    expect(res.status).toBe(400);
    const five = await upload(product.id, imageForm(...six.slice(0, 5)));
    expect(five.status).toBe(201);
    expect(five.body.images).toHaveLength(20);
  });

  it("serves only well-formed keys that exist", async () => {
    expect((await fetch(`${engine.url}/media/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400);
    expect((await fetch(`${engine.url}/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.png`)).status).toBe(
      404,
    );
  });

  it("never lets another shop upload to, reorder or delete this shop's images", async () => {
    const other = await signUp(engine, "Other shop");
    const product = await createProduct(engine, shop.accessToken);
    const uploaded = await upload(product.id, imageForm({ data: PNG, name: "a.png" }));
    const image = uploaded.body.images[0];
    expect(
      (await upload(product.id, imageForm({ data: PNG, name: "x.png" }), other.accessToken)).status,
    ).toBe(404);
    const reorder = await request(engine, "PUT", `/api/v1/products/${product.id}/images/order`, {
      token: other.accessToken,
      body: { imageIds: [image.id] },
    });
    expect(reorder.status).toBe(404);
    const del = await request(
      engine,
      "DELETE",
      `/api/v1/products/${product.id}/images/${image.id}`,
      {
        token: other.accessToken,
      },
    );
    expect(del.status).toBe(404);
    expect((await fetch(`${engine.url}${image.url}`)).status).toBe(200);
  });
});
