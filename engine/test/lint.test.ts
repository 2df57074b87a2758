import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LintableProduct, lintVintedListing } from "../src/listings/lint.ts";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, JPEG } from "./support/products.ts";

function listing(fields: Partial<LintableProduct> = {}): LintableProduct {
  return {
    title: "Robe fleurie Sézane taille 38",
    description: "Robe portée deux fois, très bon état, aucune tache ni accroc. Longueur 95 cm.",
    price: 45,
    currency: "EUR",
    brand: "Sézane",
    size: "38",
    colors: ["bleu"],
    photoCount: 3,
    ...fields,
  };
}

const rules = (issues: { rule: string }[]) => issues.map((i) => i.rule);
const errors = (fields: Partial<LintableProduct>) =>
  rules(lintVintedListing(listing(fields)).errors);
const warnings = (fields: Partial<LintableProduct>) =>
  rules(lintVintedListing(listing(fields)).warnings);

describe("Vinted listing lint", () => {
  it("finds nothing in a complete, clean listing", () => {
    expect(lintVintedListing(listing())).toEqual({ errors: [], warnings: [] });
  });

  it("needs at least one photo", () => {
    expect(errors({ photoCount: 0 })).toEqual(["photos.required"]);
    expect(errors({ photoCount: 1 })).toEqual([]);
  });

  it("keeps the title between 5 and 100 characters, accents counting once", () => {
    expect(errors({ title: "Pull" })).toEqual(["title.too_short"]);
    expect(errors({ title: "  Pull  " })).toEqual(["title.too_short"]);
    expect(errors({ title: "Étole" })).toEqual([]);
    expect(errors({ title: "é".repeat(100) })).toEqual([]);
    expect(errors({ title: "é".repeat(101) })).toEqual(["title.too_long"]);
    const [issue] = lintVintedListing(listing({ title: "Top" })).errors;
    expect(issue).toEqual({
      rule: "title.too_short",
      field: "title",
      message: "The title has 3 characters; Vinted needs at least 5.",
    });
  });

  it("keeps the description between 5 and 2000 characters and warns when it is very short", () => {
    expect(errors({ description: "TBE" })).toEqual(["description.too_short"]);
    expect(errors({ description: "a".repeat(2001) })).toEqual(["description.too_long"]);
    expect(errors({ description: "a".repeat(2000) })).toEqual([]);
    expect(warnings({ description: "Très bon état" })).toEqual(["description.short"]);
    expect(warnings({ description: "Très bon état, porté deux fois seulement." })).toEqual([]);
  });

  it("keeps the price between 1 and 100,000 euros", () => {
    expect(errors({ price: 0.5 })).toEqual(["price.too_low"]);
    expect(errors({ price: 1 })).toEqual([]);
    expect(errors({ price: 100_000 })).toEqual([]);
    expect(errors({ price: 100_000.01 })).toEqual(["price.too_high"]);
    expect(errors({ currency: "GBP" })).toEqual(["price.currency"]);
    expect(lintVintedListing(listing({ price: 0.5 })).errors[0]?.message).toBe(
      "The price is 0.50 €; Vinted's minimum is 1.00 €.",
    );
  });

  it("refuses mentions of other marketplaces, whatever the case or accents", () => {
    for (const description of [
      "Aussi en vente sur Leboncoin, premier arrivé premier servi.",
      "Dispo sur le bon coin moins cher",
      "Vendu aussi sur LBC",
      "Voir mes autres annonces sur eBay",
      "Fait main, boutique Etsy",
      "Déjà proposé sur Vide-Dressing",
      "Retrouvez-moi sur VESTIAIRE COLLECTIVE",
      "Plus de photos sur Depop",
      "Commande possible via mon Instagram shop",
    ]) {
      expect(errors({ description }), description).toEqual(["text.other_marketplace"]);
    }
    expect(errors({ title: "Sac ebay neuf" })).toEqual(["text.other_marketplace"]);
    const [issue] = lintVintedListing(listing({ description: "Dispo sur Leboncoin aussi" })).errors;
    expect(issue).toMatchObject({ field: "description", match: "leboncoin" });
    // Words that merely contain a marketplace's name are fine.
    expect(
      errors({ description: "Robe en tissu ebayé? Non : en lin, coloris bleu lbcx." }),
    ).toEqual([]);
    expect(errors({ description: "Acheté sur Amazon l'an dernier, jamais porté." })).toEqual([]);
  });

  it("refuses links and bare domains but not brand names with dots", () => {
    expect(errors({ description: "Photos : https://exemple.fr/robe" })).toEqual(["text.link"]);
    expect(errors({ description: "Voir www.maboutique.com" })).toEqual(["text.link"]);
    expect(errors({ description: "Tout le stock sur maboutique.shop" })).toEqual(["text.link"]);
    expect(errors({ description: "Chez lea-vintage.fr aussi" })).toEqual(["text.link"]);
    expect(errors({ description: "Pull S.Oliver et veste A.P.C., taille 1.5 ans" })).toEqual([]);
  });

  it("refuses contact details: e-mails, French phone numbers, messaging apps", () => {
    expect(errors({ description: "Écrivez-moi : lea.dupont@gmail.com" })).toEqual(["text.email"]);
    for (const phone of [
      "06 12 34 56 78",
      "06.12.34.56.78",
      "0612345678",
      "07-12-34-56-78",
      "+33 6 12 34 56 78",
      "+33 (0)6 12 34 56 78",
      "0033612345678",
      "01 42 68 53 00",
    ]) {
      expect(errors({ description: `Appelez le ${phone} après 18h` }), phone).toEqual([
        "text.phone",
      ]);
    }
    expect(errors({ description: "Contactez-moi sur WhatsApp" })).toEqual(["text.contact_app"]);
    expect(errors({ description: "Ajoute moi sur snap pour plus de photos" })).toEqual([
      "text.contact_app",
    ]);
    expect(errors({ description: "Écris-moi sur Télégram" })).toEqual(["text.contact_app"]);
    // Measurements, sizes and prices are not phone numbers; a snapback cap is not Snapchat.
    expect(
      errors({
        description:
          "Tour de taille 38 cm, longueur 102 cm, tailles 36 38 40 42 44. Casquette snapback.",
      }),
    ).toEqual([]);
  });

  it("warns about an all-caps title and missing brand, size or colour", () => {
    expect(warnings({ title: "ROBE SÉZANE TAILLE 38" })).toEqual(["title.all_caps"]);
    expect(warnings({ title: "Robe SÉZANE taille 38" })).toEqual([]);
    expect(warnings({ title: "Lot 501 (x2)" })).toEqual([]);
    expect(warnings({ brand: null, size: " ", colors: [] })).toEqual([
      "brand.missing",
      "size.missing",
      "colors.missing",
    ]);
    expect(errors({ brand: null, size: null, colors: [] })).toEqual([]);
  });

  it("reports every problem at once, errors and warnings apart", () => {
    const result = lintVintedListing(
      listing({
        title: "TOP",
        description: "Dispo sur Vinted et leboncoin, 06 12 34 56 78",
        photoCount: 0,
        brand: null,
      }),
    );
    expect(rules(result.errors)).toEqual([
      "photos.required",
      "title.too_short",
      "text.other_marketplace",
      "text.phone",
    ]);
    expect(rules(result.warnings)).toEqual(["brand.missing"]);
  });
});

describe("GET /api/v1/products/{id}/lint", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  let other: SignedUp;

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "Chez Léa");
    other = await signUp(engine, "Chez Paul");
  });

  afterAll(async () => {
    await engine.close();
  });

  async function lint(productId: string, token = shop.accessToken, query = "?platform=vinted") {
    return request(engine, "GET", `/api/v1/products/${productId}/lint${query}`, { token });
  }

  it("answers a ready product with its Vinted ids", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      title: "Jean Levi's 501 bleu brut",
      description: "Porté quelques fois, très bon état, coupe droite. Longueur 102 cm.",
      brand: "levis",
      category: "femmes/vetements/jeans",
      size: "M",
      colors: ["Bleu", "navy"],
      condition: "very_good",
      price: 25,
    });
    const upload = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
      token: shop.accessToken,
      rawBody: imageForm({ data: JPEG, name: "jean.jpg", type: "image/jpeg" }),
    });
    expect(upload.status, JSON.stringify(upload.body)).toBeLessThan(300);
    const res = await lint(product.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      platform: "vinted",
      ready: true,
      lint: { errors: [], warnings: [] },
      mapping: {
        ok: true,
        ids: {
          catalogId: 183,
          catalogLabel: "Femmes › Vêtements › Jeans",
          brandId: 10,
          brandName: "Levi's",
          sizeId: 4,
          sizeLabel: "M / 38",
          statusId: 2,
          colorIds: [9, 27],
          packageSizeId: 1,
        },
        missing: [],
        notes: [],
      },
    });
    expect((await lint(product.id, shop.accessToken, "")).body.ready).toBe(true);
  });

  it("names the lint errors and the missing mappings of a product that is not ready", async () => {
    const product = await createProduct(engine, shop.accessToken, {
      title: "ROBE",
      description: "Dispo sur leboncoin",
      brand: "Atelier Foo",
      category: "robes longues",
      price: 0.5,
    });
    const res = await lint(product.id);
    expect(res.status).toBe(200);
    expect(res.body.ready).toBe(false);
    expect(rules(res.body.lint.errors)).toEqual([
      "photos.required",
      "title.too_short",
      "price.too_low",
      "text.other_marketplace",
    ]);
    expect(rules(res.body.lint.warnings)).toEqual([
      "description.short",
      "size.missing",
      "colors.missing",
    ]);
    expect(res.body.mapping).toEqual({
      ok: false,
      ids: null,
      missing: [
        {
          field: "category",
          value: "robes longues",
          message: "category 'robes longues' has no Vinted category",
        },
        { field: "condition", value: null, message: "the product has no condition" },
      ],
      notes: [
        {
          field: "brand",
          value: "Atelier Foo",
          message: "brand 'Atelier Foo' is unknown (the listing will use the brand as free text)",
        },
      ],
    });
  });

  it("answers 404 for another shop's product, 400 for an unknown platform, 401 signed out", async () => {
    const product = await createProduct(engine, shop.accessToken);
    expect((await lint(product.id, other.accessToken)).status).toBe(404);
    expect((await lint(product.id, shop.accessToken, "?platform=ebay")).status).toBe(400);
    const anonymous = await request(engine, "GET", `/api/v1/products/${product.id}/lint`);
    expect(anonymous.status).toBe(401);
    expect((await lint("not-an-id")).status).toBe(400);
  });
});
