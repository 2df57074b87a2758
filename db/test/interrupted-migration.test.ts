import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTenants, migrate, provisionTenant, tenantSchema } from "../src/index.ts";
import { addMigration, copyMigrations } from "./support/migration-sets.ts";
import { spawnNode, waitFor } from "./support/node-child.ts";
import { tempDir } from "./support/temp-dir.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const TENANTS = 40;

describe("a migration run killed half-way", () => {
  let t: TestDatabase;
  const dir = tempDir("killed-runner");
  const base = copyMigrations(dir.path, "base");
  const extended = copyMigrations(dir.path, "extended");
  const extraIdx = addMigration(
    extended.tenantDir,
    "extra",
    "ALTER TABLE products ADD COLUMN extra text;\nSELECT pg_sleep(0.05);\n",
  );

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.pool, base);
    for (let i = 0; i < TENANTS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          provisionTenant(t.pool, { name: `tenant ${i + j}`, tenantMigrationsDir: base.tenantDir }),
        ),
      );
    }
  });
  afterAll(async () => {
    await t.drop();
    dir.remove();
  });

  /** Per tenant schema: the latest migration in its ledger, and whether the new column exists. */
  async function state() {
    const schemas = (await listTenants(t.pool)).map((row) => tenantSchema(row.id));
    const { rows } = await t.pool.query<{ schema: string; latest: number; column: boolean }>(
      schemas
        .map(
          (schema) => `SELECT '${schema}' AS schema,
             (SELECT max(idx) FROM "${schema}".stoflow_migrations) AS latest,
             EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${schema}'
                        AND table_name = 'products' AND column_name = 'extra') AS column`,
        )
        .join(" UNION ALL "),
    );
    return rows.map((r) => ({ ...r, migrated: r.latest === extraIdx }));
  }

  async function childBackendsGone(): Promise<true | undefined> {
    const { rowCount } = await t.pool.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'stoflow-migrate-child'",
    );
    return rowCount === 0 ? true : undefined;
  }

  it("leaves each schema done or untouched, and the next run finishes the rest", async () => {
    const child = spawnNode("migrate-child.ts", {
      DATABASE_URL: t.url,
      TENANT_MIGRATIONS_DIR: extended.tenantDir,
    });
    try {
      let exitedEarly = false;
      await waitFor("the child to migrate a few tenants", async () => {
        if (child.process.exitCode !== null) {
          exitedEarly = true;
          return true;
        }
        const done = (await state()).filter((s) => s.migrated).length;
        return done >= 3 ? true : undefined;
      });
      expect(exitedEarly, `child exited on its own:\n${child.output()}`).toBe(false);
    } finally {
      child.process.kill("SIGKILL");
    }
    expect(await child.exited).toBe("SIGKILL");
    await waitFor("the killed child's connections to close", childBackendsGone);

    const partial = await state();
    expect(partial).toHaveLength(TENANTS);
    for (const s of partial) expect(s.column, s.schema).toBe(s.migrated); // all or nothing
    const done = partial.filter((s) => s.migrated).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(TENANTS);

    const rerun = await migrate(t.pool, { ...extended, concurrency: 4 });
    expect(rerun).toMatchObject({
      controlApplied: 0,
      tenantsTotal: TENANTS,
      tenantsDone: TENANTS,
      migrationsApplied: TENANTS - done,
    });
    const final = await state();
    expect(final.filter((s) => !(s.migrated && s.column))).toEqual([]);
  });
});
