import { migrate } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test/support/test-database.ts";
import {
  describeMissing,
  type MappableProduct,
  resolveVintedIds,
  resolveVintedPayload,
} from "../src/mappings/vinted.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database.pool);
});

afterAll(async () => {
  await database.drop();
});

async function count(kind: string, where = "true"): Promise<number> {
  const { rows } = await database.pool.query(
    `SELECT count(*)::int AS n FROM platform_mappings WHERE platform = 'vinted' AND kind = $1 AND ${where}`,
    [kind],
  );
  return rows[0].n;
}

describe("the Vinted catalogue seed", () => {
  it("holds at least 200 brands, labels keeping their accents", async () => {
    expect(await count("brand")).toBeGreaterThanOrEqual(200);
    const { rows } = await database.pool.query(
      `SELECT internal_value, external_label FROM platform_mappings
       WHERE platform = 'vinted' AND kind = 'brand' AND internal_value IN ('sezane', 'levis', 'hm', 'hermes')
       ORDER BY internal_value`,
    );
    expect(rows).toEqual([
      { internal_value: "hermes", external_label: "Hermès" },
      { internal_value: "hm", external_label: "H&M" },
      { internal_value: "levis", external_label: "Levi's" },
      { internal_value: "sezane", external_label: "Sézane" },
    ]);
  });

  it("maps all five conditions and the three package sizes", async () => {
    const { rows } = await database.pool.query(
      `SELECT kind, internal_value FROM platform_mappings
       WHERE platform = 'vinted' AND kind IN ('condition', 'package_size') ORDER BY 1, 2`,
    );
    expect(rows.map((r) => `${r.kind}:${r.internal_value}`)).toEqual([
      "condition:good",
      "condition:new_with_tags",
      "condition:new_without_tags",
      "condition:satisfactory",
      "condition:very_good",
      "package_size:large",
      "package_size:medium",
      "package_size:small",
    ]);
  });

  it("has clothing, shoes, bags and accessories leaves in every department", async () => {
    for (const path of [
      "femmes/vetements/",
      "femmes/chaussures/",
      "femmes/sacs/",
      "femmes/accessoires/",
      "hommes/vetements/",
      "hommes/chaussures/",
      "hommes/sacs/",
      "hommes/accessoires/",
      "enfants/filles/",
      "enfants/garcons/",
    ]) {
      const n = await count(
        "category",
        `internal_value LIKE '${path}%' AND attributes->>'leaf' = 'true'`,
      );
      expect(n, path).toBeGreaterThan(0);
    }
    const { rows } = await database.pool.query(
      `SELECT attributes FROM platform_mappings
       WHERE platform = 'vinted' AND kind = 'category' AND internal_value = 'femmes/vetements/jeans'`,
    );
    expect(rows[0].attributes).toEqual({
      parent: "femmes/vetements",
      leaf: true,
      sizeGroup: "women",
      packageSize: "small",
    });
  });

  it("has sizes for every size group and the colour list", async () => {
    for (const group of [
      "women",
      "men",
      "kids",
      "shoes_women",
      "shoes_men",
      "shoes_kids",
      "one_size",
    ]) {
      expect(await count("size", `attributes->>'group' = '${group}'`), group).toBeGreaterThan(0);
    }
    expect(await count("color")).toBeGreaterThanOrEqual(17);
  });

  it("is idempotent: running it again adds nothing", async () => {
    const before = await count("brand");
    const { readFileSync } = await import("node:fs");
    const sql = readFileSync(
      new URL("../../db/migrations/control/0005_seed_vinted_mappings.sql", import.meta.url),
      "utf8",
    );
    await database.pool.query(sql);
    expect(await count("brand")).toBe(before);
  });
});

function product(fields: Partial<MappableProduct> = {}): MappableProduct {
  return {
    title: "Jean Levi's 501 bleu brut",
    description: "Porté deux fois, aucun défaut.",
    brand: "Levi's",
    category: "femmes/vetements/jeans",
    size: "38",
    colors: ["bleu"],
    condition: "very_good",
    price: 25,
    currency: "EUR",
    attributes: {},
    ...fields,
  };
}

async function ids(fields: Partial<MappableProduct> = {}) {
  const result = await resolveVintedIds(database.db, product(fields));
  if (!result.ok) throw new Error(describeMissing(result.missing));
  return result;
}

async function missing(fields: Partial<MappableProduct>): Promise<string[]> {
  const result = await resolveVintedIds(database.db, product(fields));
  if (result.ok) throw new Error("expected missing values");
  return result.missing.map((m) => m.message);
}

describe("resolving a product to Vinted ids", () => {
  it("maps every field of a complete product", async () => {
    const { ids: resolved, notes } = await ids();
    expect(resolved).toEqual({
      catalogId: 183,
      catalogLabel: "Femmes › Vêtements › Jeans",
      brandId: 10,
      brandName: "Levi's",
      sizeId: 4,
      sizeLabel: "M / 38",
      statusId: 2,
      colorIds: [9],
      packageSizeId: 1,
    });
    expect(notes).toEqual([]);
  });

  it("builds the channel payload with photos and a decimal price", async () => {
    const photo = { data: Buffer.from("jpeg"), contentType: "image/jpeg" };
    const result = await resolveVintedPayload(database.db, product({ price: 7.5 }), [photo]);
    expect(result.ok && result.payload).toMatchObject({
      title: "Jean Levi's 501 bleu brut",
      price: "7.50",
      currency: "EUR",
      catalogId: 183,
      photos: [photo],
    });
    const none = await resolveVintedPayload(database.db, product(), []);
    expect(none.ok ? [] : none.missing.map((m) => m.message)).toEqual(["the product has no photo"]);
  });

  it("finds brands whatever the case, accents, punctuation or alias", async () => {
    for (const [text, id] of [
      ["levis", 10],
      ["LEVI'S", 10],
      ["Levi Strauss", 10],
      ["h&m", 7],
      ["H et M", 7],
      ["sezane", 335818],
      ["SÉZANE", 335818],
      ["hermes", 4785],
      ["petit-bateau", 1436],
      ["Petit bateau", 1436],
      ["camaieu", 1010],
      ["Doc Martens", 1224],
      ["Polo Ralph Lauren", 88],
      ["jack and jones", 1231],
    ] as const) {
      const { ids: resolved } = await ids({ brand: text });
      expect(resolved.brandId, text).toBe(id);
    }
  });

  it("sends an unknown brand as free text and says so, without blocking", async () => {
    const { ids: resolved, notes } = await ids({ brand: "Atelier Foo" });
    expect(resolved.brandId).toBeNull();
    expect(resolved.brandName).toBe("Atelier Foo");
    expect(notes.map((n) => n.message)).toEqual([
      "brand 'Atelier Foo' is unknown (the listing will use the brand as free text)",
    ]);
    const noBrand = await ids({ brand: null });
    expect(noBrand.ids).toMatchObject({ brandId: null, brandName: null });
  });

  it("reads colours in French or English, shades falling back to their base colour", async () => {
    expect((await ids({ colors: ["Black", "blanc cassé"] })).ids.colorIds).toEqual([1, 20]);
    expect((await ids({ colors: ["Bleu Marine"] })).ids.colorIds).toEqual([27]);
    expect((await ids({ colors: ["navy"] })).ids.colorIds).toEqual([27]);
    expect((await ids({ colors: ["doré"] })).ids.colorIds).toEqual([14]);
    expect((await ids({ colors: ["GOLD"] })).ids.colorIds).toEqual([14]);
    expect((await ids({ colors: ["rouge vif"] })).ids.colorIds).toEqual([7]);
    const three = await ids({ colors: ["noir", "black", "rose", "vert"] });
    expect(three.ids.colorIds).toEqual([1, 5]);
    expect(three.notes.map((n) => n.message)).toEqual([
      "Vinted takes two colours at most: 'vert' is left out (kept noir, rose)",
    ]);
    const odd = await ids({ colors: ["pailleté"] });
    expect(odd.ids.colorIds).toEqual([]);
    expect(odd.notes[0]?.message).toBe(
      "colour 'pailleté' is not one of Vinted's colours (left out)",
    );
  });

  it("reads sizes as sellers write them, within the category's size group", async () => {
    const women = "femmes/vetements/robes";
    for (const [size, id] of [
      ["M", 4],
      ["m", 4],
      ["38", 4],
      ["T38", 4],
      ["Taille 38", 4],
      ["FR 38", 4],
      ["M / 38", 4],
      ["2XL", 7],
      ["XXL", 7],
    ] as const) {
      expect((await ids({ category: women, size })).ids.sizeId, size).toBe(id);
    }
    const kids = "enfants/filles/robes";
    expect((await ids({ category: kids, size: "3 mois" })).ids.sizeId).toBe(1580);
    expect((await ids({ category: kids, size: "18M" })).ids.sizeId).toBe(1584);
    expect((await ids({ category: kids, size: "4 ans" })).ids.sizeId).toBe(1587);
    expect((await ids({ category: kids, size: "4A" })).ids.sizeId).toBe(1587);
    const shoes = "femmes/chaussures/baskets";
    expect((await ids({ category: shoes, size: "EU 39" })).ids.sizeId).toBe(59);
    expect((await ids({ category: "hommes/vetements/t-shirts", size: "L" })).ids.sizeId).toBe(209);
    // A bag has no size on Vinted; a cap has one size whatever the seller wrote.
    expect((await ids({ category: "femmes/sacs/sacs-a-main", size: null })).ids.sizeId).toBeNull();
    expect(
      (await ids({ category: "hommes/accessoires/casquettes-et-chapeaux", size: "TU" })).ids.sizeId,
    ).toBe(1558);
  });

  it("finds categories by path in any spelling or by a name that designates one", async () => {
    expect((await ids({ category: "Femmes > Vêtements > Jeans" })).ids.catalogId).toBe(183);
    expect((await ids({ category: "FEMMES/VETEMENTS/JEANS" })).ids.catalogId).toBe(183);
    expect((await ids({ category: "escarpins", size: "38" })).ids.catalogId).toBe(1058);
    const bag = await ids({ category: "Sacs à main", size: null });
    expect(bag.ids).toMatchObject({ catalogId: 156, packageSizeId: 2 });
    const boots = await ids({ category: "femmes/chaussures/bottes", size: "38" });
    expect(boots.ids.packageSizeId).toBe(3);
    const override = await ids({ attributes: { packageSize: "large" } });
    expect(override.ids.packageSizeId).toBe(3);
  });

  it("names exactly what is missing, so the listing stays a draft with a readable error", async () => {
    expect(await missing({ category: "robes longues", brand: "Foo" })).toEqual([
      "category 'robes longues' has no Vinted category",
    ]);
    const result = await resolveVintedIds(
      database.db,
      product({ category: "robes longues", brand: "Foo" }),
    );
    expect(result.notes.map((n) => n.message)).toEqual([
      "brand 'Foo' is unknown (the listing will use the brand as free text)",
    ]);
    expect(await missing({ category: null, condition: null })).toEqual([
      "the product has no category",
      "the product has no condition",
    ]);
    expect(await missing({ category: "Jeans" })).toEqual([
      "category 'Jeans' matches several Vinted categories (Femmes › Vêtements › Jeans, Hommes › Vêtements › Jeans); give the full path, e.g. 'femmes/vetements/jeans'",
    ]);
    expect(await missing({ category: "femmes/vetements" })).toEqual([
      "category 'femmes/vetements' (Femmes › Vêtements) is too general for Vinted; choose a sub-category such as Robes, Hauts et t-shirts, Chemises et blouses, Pulls, gilets et sweats",
    ]);
    expect(await missing({ size: "W28" })).toEqual([
      "size 'W28' has no Vinted size in Femmes › Vêtements › Jeans (sizes XXS / 32 … 4XL / 48)",
    ]);
    expect(await missing({ size: null })).toEqual([
      "the product has no size (Femmes › Vêtements › Jeans)",
    ]);
    expect(
      describeMissing([{ field: "size", value: null, message: "the product has no size" }]),
    ).toBe("Vinted cannot list this product yet: the product has no size.");
  });
});
