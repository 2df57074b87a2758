import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultDirs,
  loadMigrations,
  type MigrateResult,
  MigrationDriftError,
  migrate,
  provisionTenant,
  type TenantRow,
  tenantSchema,
} from "../src/index.ts";
import { ledgerTags, schemaShape, tablesIn, tenantTableNames } from "./support/catalog.ts";
import { copyMigrations } from "./support/migration-sets.ts";
import { tempDir } from "./support/temp-dir.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const controlTags = loadMigrations(defaultDirs.control).map((m) => m.tag);
const tenantTags = loadMigrations(defaultDirs.tenant).map((m) => m.tag);

describe("migrations, one ledger per schema", () => {
  let t: TestDatabase;
  let a: TenantRow;
  let b: TenantRow;
  let first: MigrateResult;
  let second: MigrateResult;

  beforeAll(async () => {
    t = await createTestDatabase();
    first = await migrate(t.pool);
    a = await provisionTenant(t.pool, { name: "A" });
    b = await provisionTenant(t.pool, { name: "B" });
    second = await migrate(t.pool);
  });
  afterAll(() => t.drop());

  it("applies every control migration to an empty database, then nothing on the next run", () => {
    expect(first).toEqual({
      controlApplied: controlTags.length,
      tenantsTotal: 0,
      tenantsDone: 0,
      migrationsApplied: 0,
    });
    expect(second).toEqual({
      controlApplied: 0,
      tenantsTotal: 2,
      tenantsDone: 2,
      migrationsApplied: 0,
    });
  });

  it("gives two tenants identical tables, constraints and indexes", async () => {
    const shapeA = await schemaShape(t.pool, tenantSchema(a.id));
    const shapeB = await schemaShape(t.pool, tenantSchema(b.id));
    expect(new Set(shapeA.columns.map((c) => c.table_name))).toEqual(
      new Set([...tenantTableNames, "stoflow_migrations"]),
    );
    expect(shapeA.constraints.some((c) => c.contype === "f")).toBe(true);
    expect(shapeA.indexes.map((i) => i.indexname)).toContain("products_sku_uq");
    expect(shapeB).toEqual(shapeA);
  });

  it("keeps every tenant table out of public", async () => {
    const publicTables = await tablesIn(t.pool, "public");
    expect(publicTables).toContain("tenants");
    expect(publicTables.filter((name) => tenantTableNames.includes(name))).toEqual([]);
  });

  it("records control and tenant migrations in each schema's own stoflow_migrations", async () => {
    expect(await ledgerTags(t.pool, "public")).toEqual(controlTags);
    expect(await ledgerTags(t.pool, tenantSchema(a.id))).toEqual(tenantTags);
    expect(await ledgerTags(t.pool, tenantSchema(b.id))).toEqual(tenantTags);
    const { rows } = await t.pool.query(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'stoflow_migrations' ORDER BY 1",
    );
    expect(rows.map((r) => r.table_schema)).toEqual(
      ["public", tenantSchema(a.id), tenantSchema(b.id)].sort(),
    );
  });
});

describe("a migration file edited after it was applied", () => {
  let t: TestDatabase;
  const dir = tempDir("drift");

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
    dir.remove();
  });

  it("is refused with MigrationDriftError, and the schemas stay as they were", async () => {
    const applied = copyMigrations(dir.path, "applied");
    await migrate(t.pool, applied);
    const tenant = await provisionTenant(t.pool, {
      name: "drift",
      tenantMigrationsDir: applied.tenantDir,
    });

    // The same files checked out again, with one tenant migration edited.
    const edited = copyMigrations(dir.path, "edited-tenant");
    appendFileSync(join(edited.tenantDir, `${tenantTags[0]}.sql`), "\n-- edited\n");
    const error = await migrate(t.pool, edited).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    const [failure] = (error as AggregateError).errors as Error[];
    expect(failure?.message).toContain(tenantSchema(tenant.id));
    expect(failure?.cause).toBeInstanceOf(MigrationDriftError);

    // An edited control migration stops the run before any tenant.
    const editedControl = copyMigrations(dir.path, "edited-control");
    appendFileSync(join(editedControl.controlDir, `${controlTags[0]}.sql`), "\n-- edited\n");
    await expect(migrate(t.pool, editedControl)).rejects.toBeInstanceOf(MigrationDriftError);

    expect(await ledgerTags(t.pool, "public")).toEqual(controlTags);
    expect(await ledgerTags(t.pool, tenantSchema(tenant.id))).toEqual(tenantTags);
  });
});
