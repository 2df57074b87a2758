export class InvalidTenantIdError extends Error {
  readonly kind = "invalid_tenant_id";
  constructor(value: unknown) {
    super(`Invalid tenant id: ${JSON.stringify(String(value)).slice(0, 40)}`);
  }
}

export class TenantNotFoundError extends Error {
  readonly kind = "tenant_not_found";
  readonly tenantId: number;
  constructor(tenantId: number) {
    super(`Tenant ${tenantId} does not exist`);
    this.tenantId = tenantId;
  }
}

/** The user is not (or no longer) a member of the tenant, or the tenant does not exist. */
export class NotAMemberError extends Error {
  readonly kind = "not_a_member";
  readonly tenantId: number;
  constructor(tenantId: number) {
    super(`Not a member of tenant ${tenantId}`);
    this.tenantId = tenantId;
  }
}

export class InvalidUserIdError extends Error {
  readonly kind = "invalid_user_id";
  constructor(value: unknown) {
    super(`Invalid user id: ${JSON.stringify(String(value)).slice(0, 50)}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A user id as PostgreSQL prints a uuid (lowercase, hyphenated) and nothing else. */
export function parseUserId(value: unknown): string {
  if (typeof value !== "string" || !UUID.test(value)) throw new InvalidUserIdError(value);
  return value;
}

const MAX_ID = 2_147_483_647; // tenants.id is an int4 identity

/** Accepts a positive integer (or its canonical decimal string) and nothing else. */
export function parseTenantId(value: unknown): number {
  const id =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^[1-9][0-9]{0,9}$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw new InvalidTenantIdError(value);
  return id;
}

/** Schema names are only ever built here, from a validated integer. */
export function tenantSchema(value: unknown): string {
  return `tenant_${parseTenantId(value)}`;
}
