export { createDb, createPool, type Db, schema, type Tx } from "./connection.ts";
export {
  type EmbeddedOptions,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from "./embedded/launcher.ts";
export { MigrationDriftError } from "./migrations/apply.ts";
export { defaultDirs, loadMigrations, type Migration } from "./migrations/journal.ts";
export { type MigrateOptions, type MigrateResult, migrate } from "./migrations/runner.ts";
export * as control from "./schema/control.ts";
export * as tenant from "./schema/tenant.ts";
export {
  dropTenant,
  getTenant,
  listTenants,
  type ProvisionOptions,
  provisionTenant,
  type TenantRow,
} from "./tenancy/provision.ts";
export {
  InvalidTenantIdError,
  InvalidUserIdError,
  NotAMemberError,
  parseTenantId,
  parseUserId,
  TenantNotFoundError,
  tenantSchema,
} from "./tenancy/tenant-id.ts";
export { type TenantAccess, type WithTenantOptions, withTenant } from "./tenancy/with-tenant.ts";
