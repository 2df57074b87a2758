import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultDirs,
  listTenants,
  loadMigrations,
  migrate,
  provisionTenant,
  tenantSchema,
} from "../src/index.ts";
import { tenantSchemas } from "./support/catalog.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const TENANTS = 200;
const DEADLOCK_AFTER_MS = 45_000;

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no progress after ${ms} ms: deadlock?`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe("provisioning many tenants at once", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(20);
    await migrate(t.pool);
  });
  afterAll(() => t.drop());

  it("creates 200 complete schemas, with a migration run in the middle, without error or deadlock", async () => {
    const provision = (i: number) => provisionTenant(t.pool, { name: `tenant ${i}` });
    // The runner asks for its connections while half the provisioning calls still wait for one.
    const work = Promise.all([
      ...Array.from({ length: TENANTS / 2 }, (_, i) => provision(i)),
      migrate(t.pool, { concurrency: 4 }),
      ...Array.from({ length: TENANTS / 2 }, (_, i) => provision(TENANTS / 2 + i)),
    ]);
    const results = await deadline(work, DEADLOCK_AFTER_MS);
    expect(results).toHaveLength(TENANTS + 1);

    const tenants = await listTenants(t.pool);
    expect(tenants).toHaveLength(TENANTS);
    expect(await tenantSchemas(t.pool)).toEqual(tenants.map((row) => tenantSchema(row.id)).sort());
    const tags = loadMigrations(defaultDirs.tenant).map((m) => m.tag);
    const { rows } = await t.pool.query<{ schema: string; tags: string[] }>(
      tenants
        .map(
          ({ id }) =>
            `SELECT '${tenantSchema(id)}' AS schema, array_agg(tag ORDER BY idx) AS tags FROM "${tenantSchema(id)}".stoflow_migrations`,
        )
        .join(" UNION ALL "),
    );
    expect(rows.filter((r) => JSON.stringify(r.tags) !== JSON.stringify(tags))).toEqual([]);
  });
});
