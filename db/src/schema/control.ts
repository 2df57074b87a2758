// Control plane: lives in schema `public`, shared by every tenant.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const plans = pgTable("plans", {
  code: text().primaryKey(),
  name: text().notNull(),
  priceCents: integer(), // null: priced on request (Enterprise)
  currency: text().notNull().default("EUR"),
  maxProducts: integer(), // null: unlimited
  maxPlatforms: integer(),
  maxUsers: integer(),
  aiDescriptions: boolean().notNull().default(false),
  aiGenerationsPerMonth: integer(),
  apiAccess: boolean().notNull().default(false),
  prioritySupport: boolean().notNull().default(false),
  includedPublications: integer(),
  overageCentsPerPublication: integer(),
  sortOrder: integer().notNull().default(0),
});

export const tenants = pgTable(
  "tenants",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    status: text().notNull().default("active"),
    locale: text().notNull().default("fr"),
    createdAt: createdAt(),
  },
  (t) => [check("tenants_status_check", sql`${t.status} in ('active', 'suspended')`)],
);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    passwordHash: text(),
    displayName: text(),
    locale: text().notNull().default("fr"),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('owner', 'admin', 'member')`),
  ],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    familyId: uuid().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("api_keys_tenant_idx").on(t.tenantId)],
);

export const subscriptions = pgTable("subscriptions", {
  tenantId: integer()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  planCode: text()
    .notNull()
    .references(() => plans.code),
  status: text().notNull().default("active"),
  currentPeriodStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  currentPeriodEnd: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
});

export const usageCounters = pgTable(
  "usage_counters",
  {
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    period: date().notNull(), // first day of the month
    metric: text().notNull(), // e.g. publications, ai_generations, ai_tokens, ai_cost_micros
    value: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.period, t.metric] })],
);

// Marketplace ids for our normalised values (brand "Levi's" -> Vinted brand id 10).
export const platformMappings = pgTable(
  "platform_mappings",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    platform: text().notNull(),
    kind: text().notNull(),
    internalValue: text().notNull(),
    externalId: text().notNull(),
    externalLabel: text(),
    attributes: jsonb().notNull().default({}),
  },
  (t) => [
    unique("platform_mappings_value_uq").on(t.platform, t.kind, t.internalValue),
    check(
      "platform_mappings_kind_check",
      sql`${t.kind} in ('brand', 'category', 'size', 'color', 'condition', 'material', 'package_size')`,
    ),
  ],
);

// Shared across tenants: keyed by a hash of normalised attributes, never personal data.
export const aiCache = pgTable("ai_cache", {
  key: text().primaryKey(),
  promptVersion: text().notNull(),
  language: text().notNull(),
  platforms: text().array().notNull(),
  result: jsonb().notNull(),
  model: text().notNull(),
  hits: integer().notNull().default(0),
  createdAt: createdAt(),
  lastHitAt: timestamp({ withTimezone: true }),
});

export const aiPromptTemplates = pgTable(
  "ai_prompt_templates",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer().references(() => tenants.id, { onDelete: "cascade" }), // null: default
    platform: text().notNull(),
    version: integer().notNull().default(1),
    template: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("ai_prompt_templates_uq").on(t.tenantId, t.platform).nullsNotDistinct()],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: text().notNull(),
    tokenHash: text().notNull().unique(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("invitations_tenant_idx").on(t.tenantId),
    check("invitations_role_check", sql`${t.role} in ('admin', 'member')`),
  ],
);

// Failed logins per e-mail and per client address, shared by every engine process.
export const loginThrottle = pgTable("login_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

// The credential vault: each tenant's data key, wrapped (AES-256-GCM) by the master key.
export const tenantKeys = pgTable("tenant_keys", {
  tenantId: integer()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  wrappedKey: bytea().notNull(),
  masterKeyId: text().notNull(), // which master key wrapped it, to name a mismatch
  createdAt: createdAt(),
  rotatedAt: timestamp({ withTimezone: true }),
});

// One-time codes the dashboard shows to pair a browser extension (hashed, 10 minutes).
export const pairingCodes = pgTable(
  "pairing_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    codeHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("pairing_codes_tenant_idx").on(t.tenantId)],
);

// Paired extensions: their token (hashed) may only upload marketplace sessions.
export const devices = pgTable(
  "devices",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("devices_tenant_idx").on(t.tenantId)],
);

export * from "./control/ai.ts";
export * from "./control/shopify-app.ts";
export * from "./control/sites.ts";
