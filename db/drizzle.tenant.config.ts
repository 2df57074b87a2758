import { defineConfig } from "drizzle-kit";

// Generated as if in `public`; scripts/generate.ts then strips the schema qualifier so the
// SQL applies to whichever `tenant_<id>` schema the runner puts on the search path.
export default defineConfig({
  dialect: "postgresql",
  casing: "snake_case",
  schema: "./src/schema/tenant.ts",
  out: "./migrations/tenant",
});
