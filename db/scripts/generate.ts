// Generates SQL migrations for both schema modules from the drizzle schemas.
// Usage: npm run db:generate -w @stoflow/db [-- --name add_something]
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const name = process.argv.includes("--name")
  ? process.argv[process.argv.indexOf("--name") + 1]
  : undefined;

for (const scope of ["control", "tenant"]) {
  const args = ["generate", "--config", `drizzle.${scope}.config.ts`];
  if (name) args.push("--name", name);
  execFileSync("drizzle-kit", args, { cwd: root, stdio: "inherit" });
}

// Tenant SQL must not name a schema: the runner applies it inside each tenant_<id>.
const tenantDir = join(root, "migrations/tenant");
for (const file of readdirSync(tenantDir).filter((f) => f.endsWith(".sql"))) {
  const path = join(tenantDir, file);
  const sql = readFileSync(path, "utf8");
  const stripped = sql.replaceAll('"public".', "");
  if (stripped !== sql) writeFileSync(path, stripped);
}
