import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  createPool,
  InvalidTenantIdError,
  migrate,
  provisionTenant,
  TenantNotFoundError,
  type TenantRow,
  tenant,
  withTenant,
} from "../src/index.ts";
import { tablesIn, tenantSchemas } from "./support/catalog.ts";
import { countProducts, insertProduct } from "./support/products.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const UNDEFINED_TABLE = "42P01";

describe("withTenant(), the only door to a tenant's tables", () => {
  let t: TestDatabase;
  let a: TenantRow;

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.pool);
    a = await provisionTenant(t.pool, { name: "A" });
  });
  afterAll(() => t.drop());

  it("is needed to read a tenant table: outside it, products does not exist", async () => {
    await expect(t.pool.query("SELECT * FROM products")).rejects.toMatchObject({
      code: UNDEFINED_TABLE,
    });
    await expect(t.db.select().from(tenant.products)).rejects.toMatchObject({
      cause: expect.objectContaining({ code: UNDEFINED_TABLE }),
    });
    await expect(withTenant(t.db, a.id, countProducts)).resolves.toBe(0);
  });

  it.each([
    ["an injection attempt", "1; DROP SCHEMA public CASCADE"],
    ["a negative id", -1],
    ["a fraction", 1.5],
    ["zero", 0],
    ["a zero-padded string", "01"],
    ["null", null],
  ])("refuses %s as tenant id", async (_label, id) => {
    await expect(withTenant(t.db, id, countProducts)).rejects.toBeInstanceOf(InvalidTenantIdError);
  });

  it("refuses a well-formed id that belongs to no tenant", async () => {
    await expect(withTenant(t.db, a.id + 1000, countProducts)).rejects.toBeInstanceOf(
      TenantNotFoundError,
    );
  });

  it("creates nothing when it refuses an id", async () => {
    const before = {
      schemas: await tenantSchemas(t.pool),
      public: await tablesIn(t.pool, "public"),
    };
    for (const id of ["1; DROP", -1, 1.5, 0, "01", null, a.id + 1000]) {
      await withTenant(t.db, id, async () => {
        throw new Error("fn must not run");
      }).catch((e: unknown) => {
        expect(e).toSatisfy(
          (x) => x instanceof InvalidTenantIdError || x instanceof TenantNotFoundError,
        );
      });
    }
    expect(await tenantSchemas(t.pool)).toEqual(before.schemas);
    expect(await tablesIn(t.pool, "public")).toEqual(before.public);
    const { rows } = await t.pool.query("SELECT count(*)::int AS n FROM public.tenants");
    expect(rows[0].n).toBe(1);
  });

  it("does not leave its search path on the pooled connection for the next user", async () => {
    const pool = createPool(t.url, { max: 1 });
    try {
      const db = createDb(pool);
      const insidePid = await withTenant(db, a.id, async (tx) => {
        await insertProduct(tx, { title: "kept inside" });
        const { rows } = await tx.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
        return rows[0]?.pid;
      });
      const { rows } = await pool.query(
        "SELECT pg_backend_pid() AS pid, current_setting('search_path') AS path",
      );
      expect(rows[0]).toEqual({ pid: insidePid, path: "public" }); // same connection, reset path
      await expect(pool.query("SELECT * FROM products")).rejects.toMatchObject({
        code: UNDEFINED_TABLE,
      });
    } finally {
      await pool.end();
    }
  });

  it("rolls back the writes of fn when fn throws", async () => {
    const before = await withTenant(t.db, a.id, countProducts);
    const failure = new Error("boom");
    await expect(
      withTenant(t.db, a.id, async (tx) => {
        await insertProduct(tx, { title: "never kept", sku: "ROLLBACK-1" });
        await insertProduct(tx, { title: "never kept either" });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await withTenant(t.db, a.id, countProducts)).toBe(before);
  });
});
