// One real PostgreSQL for the whole run: the embedded launcher, or DATABASE_URL when set.
// Each test file then creates its own database from it (see test-database.ts).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/index.ts";

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide("adminDatabaseUrl", process.env.DATABASE_URL);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-test-pg-"));
  chmodSync(dataDir, 0o755); // reachable by the postgres user when tests run as root
  const server = await startEmbeddedPostgres({ dataDir, database: "postgres" });
  project.provide("adminDatabaseUrl", server.url);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
