import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, provisionTenant, tenant, withTenant } from "../src/index.ts";
import { insertProduct } from "./support/products.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

interface Write {
  tenant: "A" | "B";
  title: string;
  sku: string;
}

// Few SKUs, so the same SKU often lands in both tenants (each has its own unique index).
const write = fc.record({
  tenant: fc.constantFrom("A" as const, "B" as const),
  title: fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
    .filter((s) => !s.includes("\0")),
  sku: fc.stringMatching(/^[A-C][0-9]$/),
});
// A tenant's SKUs are unique within that tenant only.
const writes = fc.uniqueArray(write, { maxLength: 30, selector: (w) => `${w.tenant}:${w.sku}` });

describe("tenant isolation under random writes", () => {
  let t: TestDatabase;
  const ids = { A: 0, B: 0 };

  beforeAll(async () => {
    t = await createTestDatabase(3); // few connections, so each serves both tenants in turn
    await migrate(t.pool);
    ids.A = (await provisionTenant(t.pool, { name: "A" })).id;
    ids.B = (await provisionTenant(t.pool, { name: "B" })).id;
  });
  afterAll(() => t.drop());

  const readAll = (who: "A" | "B") =>
    withTenant(t.db, ids[who], (tx) =>
      tx
        .select({ id: tenant.products.id, title: tenant.products.title, sku: tenant.products.sku })
        .from(tenant.products),
    );

  it("shows each tenant exactly the rows written to it, and none of the other's", async () => {
    await fc.assert(
      fc.asyncProperty(writes, async (batch: Write[]) => {
        for (const who of ["A", "B"] as const) {
          await withTenant(t.db, ids[who], (tx) => tx.delete(tenant.products));
        }
        const written = await Promise.all(
          batch.map(async (w) => ({
            ...w,
            id: await withTenant(t.db, ids[w.tenant], (tx) => insertProduct(tx, w)),
          })),
        );
        for (const who of ["A", "B"] as const) {
          const expected = written
            .filter((w) => w.tenant === who)
            .map(({ id, title, sku }) => ({ id, title, sku }));
          const seen = await readAll(who);
          expect(seen).toHaveLength(expected.length);
          expect(sortById(seen)).toEqual(sortById(expected));
        }
      }),
      { numRuns: 40 },
    );
  });
});

function sortById<T extends { id: string }>(rows: T[]): T[] {
  return rows.toSorted((x, y) => x.id.localeCompare(y.id));
}
