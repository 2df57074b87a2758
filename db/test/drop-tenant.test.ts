import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dropTenant,
  getTenant,
  listTenants,
  migrate,
  provisionTenant,
  TenantNotFoundError,
  tenantSchema,
  withTenant,
} from "../src/index.ts";
import { tenantSchemas } from "./support/catalog.ts";
import { insertProduct } from "./support/products.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

describe("dropTenant(), GDPR erasure", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrate(t.pool);
  });
  afterAll(() => t.drop());

  it("removes the tenant's schema with its data, and its control-plane row", async () => {
    const gone = await provisionTenant(t.pool, { name: "leaving" });
    const kept = await provisionTenant(t.pool, { name: "staying" });
    await withTenant(t.db, gone.id, (tx) => insertProduct(tx, { title: "personal data" }));

    await dropTenant(t.pool, gone.id);

    expect(await getTenant(t.pool, gone.id)).toBeUndefined();
    expect((await listTenants(t.pool)).map((row) => row.id)).toEqual([kept.id]);
    expect(await tenantSchemas(t.pool)).toEqual([tenantSchema(kept.id)]);
    await expect(withTenant(t.db, gone.id, async () => {})).rejects.toBeInstanceOf(
      TenantNotFoundError,
    );
  });

  it("throws TenantNotFoundError for an unknown tenant, and drops nothing", async () => {
    const before = await tenantSchemas(t.pool);
    await expect(dropTenant(t.pool, 999_999)).rejects.toBeInstanceOf(TenantNotFoundError);
    expect(await tenantSchemas(t.pool)).toEqual(before);
  });
});
