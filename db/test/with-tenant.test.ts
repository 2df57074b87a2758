import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  createPool,
  InvalidTenantIdError,
  InvalidUserIdError,
  migrate,
  NotAMemberError,
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

  it("commits without waiting for the WAL flush only when asked, and only for that transaction", async () => {
    const pool = createPool(t.url, { max: 1 });
    try {
      const db = createDb(pool);
      const setting = (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
        tx
          .execute<{ s: string }>(sql`SELECT current_setting('synchronous_commit') AS s`)
          .then((r) => r.rows[0]?.s);
      expect(await withTenant(db, a.id, (tx) => setting(tx), { asyncCommit: true })).toBe("off");
      expect(await withTenant(db, a.id, (tx) => setting(tx))).toBe("on");
      const { rows } = await pool.query("SELECT current_setting('synchronous_commit') AS s");
      expect(rows[0]).toEqual({ s: "on" }); // the pooled connection is back to the default
      expect(
        await withTenant(db, a.id, (tx) => insertProduct(tx, { title: "async" }), {
          asyncCommit: true,
        }).then(() => withTenant(db, a.id, (tx) => countProducts(tx))),
      ).toBeGreaterThan(0);
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

  it("runs nested tx.transaction() as savepoints of its own transaction", async () => {
    const before = await withTenant(t.db, a.id, countProducts);
    await withTenant(t.db, a.id, async (tx) => {
      await insertProduct(tx, { title: "outer, kept" });
      await tx
        .transaction(async (savepoint) => {
          await insertProduct(savepoint, { title: "inner, rolled back" });
          throw new Error("inner");
        })
        .catch(() => {});
    });
    expect(await withTenant(t.db, a.id, countProducts)).toBe(before + 1);
  });

  describe("with a member to check ({ member })", () => {
    let b: TenantRow;
    let owner: string;
    let outsider: string;

    beforeAll(async () => {
      b = await provisionTenant(t.pool, { name: "B" });
      const users = await t.pool.query<{ id: string }>(
        `INSERT INTO public.users (email) VALUES ('owner@a.test'), ('outsider@b.test') RETURNING id`,
      );
      [owner, outsider] = users.rows.map((r) => r.id) as [string, string];
      await t.pool.query(
        `INSERT INTO public.memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner'), ($3, $4, 'member')`,
        [a.id, owner, b.id, outsider],
      );
    });

    it("runs fn for a member, with the role read in the same transaction", async () => {
      const seen = await withTenant(
        t.db,
        a.id,
        async (tx, access) => ({ role: access.role, n: await countProducts(tx) }),
        { member: owner },
      );
      expect(seen.role).toBe("owner");
      expect(seen.n).toBe(await withTenant(t.db, a.id, countProducts));
      await expect(withTenant(t.db, a.id, async (_tx, access) => access.role)).resolves.toBeNull();
    });

    it("refuses a user who is not a member of this tenant, without running fn", async () => {
      let ran = false;
      const fn = async () => {
        ran = true;
      };
      await expect(withTenant(t.db, a.id, fn, { member: outsider })).rejects.toBeInstanceOf(
        NotAMemberError,
      );
      await expect(withTenant(t.db, b.id, fn, { member: owner })).rejects.toBeInstanceOf(
        NotAMemberError,
      );
      await expect(withTenant(t.db, a.id + 1000, fn, { member: owner })).rejects.toBeInstanceOf(
        NotAMemberError,
      );
      expect(ran).toBe(false);
    });

    it("leaves no search path and no open transaction behind after a refusal", async () => {
      const pool = createPool(t.url, { max: 1 });
      try {
        const db = createDb(pool);
        await expect(
          withTenant(db, a.id, countProducts, { member: outsider }),
        ).rejects.toBeInstanceOf(NotAMemberError);
        const { rows } = await pool.query(
          "SELECT current_setting('search_path') AS path, now() = statement_timestamp() AS fresh",
        );
        expect(rows[0]).toEqual({ path: "public", fresh: true });
      } finally {
        await pool.end();
      }
    });

    it.each([
      ["an injection attempt", "x' OR true; --"],
      ["an uppercase uuid", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"],
      ["a number", 42],
      ["an empty string", ""],
    ])("refuses %s as user id before any query", async (_label, member) => {
      await expect(
        withTenant(t.db, a.id, countProducts, { member: member as string }),
      ).rejects.toBeInstanceOf(InvalidUserIdError);
    });
  });
});
