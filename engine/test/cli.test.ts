import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/test/support/test-database.ts";
import { runCli } from "./support/cli.ts";

describe("stoflow CLI against an external database", () => {
  let t: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestDatabase();
    env = { DATABASE_URL: t.url };
  });
  afterAll(() => t.drop());

  it("migrates the control plane and reports what it did", async () => {
    const first = await runCli(["db", "migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Control plane: \d+ migration\(s\) applied/);
    const second = await runCli(["db", "migrate"], env);
    expect(second.stdout).toContain("Control plane: 0 migration(s) applied");
  });

  it("creates a tenant and prints it as JSON, then lists and drops it", async () => {
    const created = await runCli(["tenant", "create", "--name", "Chez Léa"], env);
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.stdout);
    expect(tenant).toMatchObject({ name: "Chez Léa", status: "active" });
    expect(Number.isInteger(tenant.id)).toBe(true);

    const { rows } = await t.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
      `tenant_${tenant.id}`,
    ]);
    expect(rows).toHaveLength(1);

    const listed = JSON.parse((await runCli(["tenant", "list", "--json"], env)).stdout);
    expect(listed.map((x: { id: number }) => x.id)).toContain(tenant.id);

    const dropped = await runCli(["tenant", "drop", String(tenant.id)], env);
    expect(dropped.code).toBe(0);
    const after = await t.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
      `tenant_${tenant.id}`,
    ]);
    expect(after.rows).toHaveLength(0);
  });

  it("refuses bad tenant ids and unknown tenants with a readable message", async () => {
    const injected = await runCli(["tenant", "drop", "1; DROP SCHEMA public"], env);
    expect(injected.code).toBe(1);
    expect(injected.stderr).toContain("Invalid tenant id");
    const unknown = await runCli(["tenant", "drop", "987654"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Tenant 987654 does not exist");
    expect(unknown.stderr).not.toContain("    at "); // no stack trace
  });

  it("refuses an empty tenant name", async () => {
    const result = await runCli(["tenant", "create", "--name", "   "], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("1 to 120 characters");
  });

  it("explains an invalid configuration instead of crashing", async () => {
    const result = await runCli(["tenant", "list"], { ...env, DATABASE_URL: "mysql://nope" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL: must be a postgres:// connection URL");
  });
});
