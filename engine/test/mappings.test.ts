import { migrate } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test/support/test-database.ts";

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
