import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

describe("test database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());
  it("migrates the control plane", async () => {
    const result = await migrate(t.pool);
    expect(result.controlApplied).toBeGreaterThan(0);
  });
});
