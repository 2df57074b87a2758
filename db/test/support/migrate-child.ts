// Runs `migrate()` in its own process so a test can SIGKILL it half-way.
// Env: DATABASE_URL, TENANT_MIGRATIONS_DIR.
import { createPool, migrate } from "../../src/index.ts";

const url = process.env.DATABASE_URL;
const tenantDir = process.env.TENANT_MIGRATIONS_DIR;
if (!url || !tenantDir) throw new Error("DATABASE_URL and TENANT_MIGRATIONS_DIR are required");

const pool = createPool(url, { max: 2, applicationName: "stoflow-migrate-child" });
await migrate(pool, { concurrency: 1, tenantDir });
await pool.end();
