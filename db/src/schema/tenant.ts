// Tenant data: these tables exist once per tenant, in schema `tenant_<id>`, never in `public`.
// No pgEnum here: a type would be created in one schema only. Closed sets are check constraints.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const CONDITIONS = [
  "new_with_tags",
  "new_without_tags",
  "very_good",
  "good",
  "satisfactory",
] as const;
export const PRODUCT_STATUSES = ["draft", "active", "sold", "archived"] as const;
export const LISTING_STATES = [
  "draft",
  "queued",
  "publishing",
  "published",
  "updating",
  "delisting",
  "delisted",
  "sold",
  "error",
] as const;
export const CHANNEL_ACCOUNT_STATUSES = [
  "connected",
  "reconnect_needed",
  "paused",
  "disconnected",
] as const;
export const SOURCE_KINDS = ["woocommerce", "shopify"] as const;
export const IMPORT_RUN_STATUSES = ["running", "succeeded", "failed", "cancelled"] as const;

export const catalogSources = pgTable(
  "catalog_sources",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    label: text().notNull(),
    baseUrl: text().notNull(), // store URL or myshopify domain
    credentialsCiphertext: bytea(),
    status: text().notNull().default("connected"),
    mapping: jsonb().notNull().default({}), // shop attribute -> brand/size/colour/condition/material
    cursor: jsonb().notNull().default({}), // incremental sync position
    lastSyncedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("catalog_sources_kind_url_uq").on(t.kind, t.baseUrl),
    check("catalog_sources_kind_check", sql`${t.kind} in (${inList(SOURCE_KINDS)})`),
  ],
);

/** The text `q` searches; queries must repeat this exact expression to use the trigram index. */
export const PRODUCT_SEARCH_TEXT = sql.raw(
  `coalesce(sku, '') || ' ' || title || ' ' || coalesce(brand, '')`,
);

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    sku: text(),
    title: text().notNull(),
    description: text().notNull().default(""),
    brand: text(),
    category: text(),
    size: text(),
    colors: text().array().notNull().default(sql`'{}'::text[]`),
    condition: text(),
    material: text(),
    price: numeric({ precision: 12, scale: 2 }).notNull(),
    currency: text().notNull().default("EUR"),
    quantity: integer().notNull().default(1),
    status: text().notNull().default("draft"),
    attributes: jsonb().notNull().default({}),
    sourceId: uuid().references(() => catalogSources.id, { onDelete: "set null" }),
    sourceRef: text(), // the product's id at the source
    sourceUpdatedAt: timestamp({ withTimezone: true }),
    // When the shop last said this product's stock level (a late, older one is ignored).
    stockAt: timestamp({ withTimezone: true }),
    revision: integer().notNull().default(1), // bumped on every edit; part of idempotency keys
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("products_sku_uq").on(t.sku).where(sql`${t.sku} is not null`),
    uniqueIndex("products_source_ref_uq")
      .on(t.sourceId, t.sourceRef)
      .where(sql`${t.sourceRef} is not null`),
    // The product list sorts on any of these, with the id as tie-breaker for stable pages;
    // the status tabs (a status filter, then a sort) have their own.
    index("products_status_created_idx").on(t.status, t.createdAt, t.id),
    index("products_status_updated_idx").on(t.status, t.updatedAt, t.id),
    index("products_status_title_idx").on(t.status, t.title, t.id),
    index("products_status_price_idx").on(t.status, t.price, t.id),
    index("products_status_sku_idx").on(t.status, t.sku, t.id),
    index("products_status_quantity_idx").on(t.status, t.quantity, t.id),
    index("products_created_id_idx").on(t.createdAt, t.id),
    index("products_updated_id_idx").on(t.updatedAt, t.id),
    index("products_title_id_idx").on(t.title, t.id),
    index("products_price_id_idx").on(t.price, t.id),
    index("products_sku_id_idx").on(t.sku, t.id),
    index("products_quantity_id_idx").on(t.quantity, t.id),
    // Free-text search (`q`) on SKU, title and brand. pg_trgm lives in `public` (a control-plane
    // migration creates it), hence the qualified operator class.
    index("products_search_trgm_idx").using(
      "gin",
      sql`(${PRODUCT_SEARCH_TEXT}) public.gin_trgm_ops`,
    ),
    check("products_condition_check", sql`${t.condition} in (${inList(CONDITIONS)})`),
    check("products_status_check", sql`${t.status} in (${inList(PRODUCT_STATUSES)})`),
    check("products_quantity_check", sql`${t.quantity} >= 0`),
    check("products_price_check", sql`${t.price} >= 0`),
    check("products_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

// Products per status, kept exact by statement triggers on products (a custom migration):
// the product list reads its totals here instead of counting 100,000 rows per page.
export const productCounts = pgTable("product_counts", {
  status: text().primaryKey(),
  n: bigint({ mode: "number" }).notNull().default(0),
});

export const productImages = pgTable(
  "product_images",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    url: text(), // remote image (imported from a shop)
    storageKey: text(), // uploaded file in our storage
    contentType: text(),
    bytes: integer(),
    width: integer(),
    height: integer(),
    alt: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("product_images_product_idx").on(t.productId, t.position),
    check(
      "product_images_location_check",
      sql`${t.url} is not null or ${t.storageKey} is not null`,
    ),
  ],
);

export const productVariants = pgTable(
  "product_variants",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text(),
    title: text(),
    size: text(),
    color: text(),
    price: numeric({ precision: 12, scale: 2 }),
    quantity: integer().notNull().default(0),
    position: integer().notNull().default(0),
    sourceRef: text(),
    // When the shop last said this variant's stock level (a late, older one is ignored).
    stockAt: timestamp({ withTimezone: true }),
    attributes: jsonb().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("product_variants_product_idx").on(t.productId),
    check("product_variants_quantity_check", sql`${t.quantity} >= 0`),
  ],
);

export const channelAccounts = pgTable(
  "channel_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    platform: text().notNull(), // vinted, ebay, etsy
    domain: text(), // e.g. www.vinted.fr
    externalUserId: text(),
    username: text(),
    status: text().notNull().default("connected"),
    statusReason: text(),
    credentialsCiphertext: bytea(),
    pacingMaxActions: integer().notNull().default(40),
    pacingWindowSeconds: integer().notNull().default(7200),
    pausedUntil: timestamp({ withTimezone: true }),
    cooldownLevel: integer().notNull().default(0),
    // Relay mode: Vinted blocks the server, so the seller's browser extension performs the
    // account's queued actions; the workers leave the account alone.
    relayMode: boolean().notNull().default(false),
    // Since when, and Vinted's refusal when the engine turned relay on itself (null: the seller).
    relaySince: timestamp({ withTimezone: true }),
    relayReason: text(),
    lastSeenAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("channel_accounts_identity_uq").on(t.platform, t.domain, t.externalUserId),
    check(
      "channel_accounts_status_check",
      sql`${t.status} in (${inList(CHANNEL_ACCOUNT_STATUSES)})`,
    ),
  ],
);

// The binding of one product to one marketplace account (OCA connector "binding").
export const listings = pgTable(
  "listings",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    channelAccountId: uuid()
      .notNull()
      .references(() => channelAccounts.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    state: text().notNull().default("draft"),
    externalId: text(),
    url: text(),
    title: text(),
    description: text(),
    price: numeric({ precision: 12, scale: 2 }),
    currency: text(),
    publishedRevision: integer(),
    lastError: text(),
    lastErrorKind: text(),
    attempts: integer().notNull().default(0),
    publishedAt: timestamp({ withTimezone: true }),
    soldAt: timestamp({ withTimezone: true }),
    delistedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("listings_product_account_uq").on(t.productId, t.channelAccountId),
    index("listings_state_idx").on(t.platform, t.state),
    index("listings_state_product_idx").on(t.state, t.productId),
    uniqueIndex("listings_external_uq")
      .on(t.channelAccountId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    check("listings_state_check", sql`${t.state} in (${inList(LISTING_STATES)})`),
  ],
);

// Append-only history of every listing transition.
export const publicationEvents = pgTable(
  "publication_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    listingId: uuid()
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    action: text().notNull(), // publish, update, delist, sold, reconcile
    fromState: text(),
    toState: text().notNull(),
    actor: text().notNull(), // user:<uuid>, worker, webhook:<source>, extension
    attempt: integer().notNull().default(0),
    outcome: text().notNull(), // ok, retry, failed, reconciled, paused
    idempotencyKey: text(),
    response: jsonb(), // the marketplace's answer, trimmed
    createdAt: createdAt(),
  },
  (t) => [
    index("publication_events_listing_idx").on(t.listingId, t.createdAt),
    index("publication_events_created_idx").on(t.createdAt),
  ],
);

// One row per marketplace action an account was allowed to make: the pipeline's pacing window
// (a rolling count per account) and the random spacing it must leave before the next action.
export const pacingSlots = pgTable(
  "pacing_slots",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    channelAccountId: uuid()
      .notNull()
      .references(() => channelAccounts.id, { onDelete: "cascade" }),
    listingId: uuid().references(() => listings.id, { onDelete: "set null" }),
    action: text().notNull(), // publish, update, delist, poll
    takenAt: timestamp({ withTimezone: true }).notNull(),
    nextGapSeconds: integer().notNull().default(0),
    // A slot booked ahead for a waiting job (which is rescheduled to `taken_at`), not yet used.
    reserved: boolean().notNull().default(false),
  },
  (t) => [index("pacing_slots_account_taken_idx").on(t.channelAccountId, t.takenAt)],
);

export const importRuns = pgTable(
  "import_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    kind: text().notNull(), // full, incremental
    status: text().notNull().default("running"),
    cursor: jsonb().notNull().default({}), // where a resumed run picks up
    total: integer(),
    done: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    errors: jsonb().notNull().default([]),
    startedAt: createdAt(),
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("import_runs_source_idx").on(t.sourceId, t.startedAt),
    check("import_runs_status_check", sql`${t.status} in (${inList(IMPORT_RUN_STATUSES)})`),
  ],
);

export const aiGenerations = pgTable(
  "ai_generations",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid().references(() => products.id, { onDelete: "set null" }),
    platforms: text().array().notNull(),
    language: text().notNull(),
    model: text(),
    promptVersion: text(),
    cacheHit: boolean().notNull().default(false),
    templateFallback: boolean().notNull().default(false),
    promptTokens: integer().notNull().default(0),
    completionTokens: integer().notNull().default(0),
    costMicros: bigint({ mode: "number" }).notNull().default(0),
    status: text().notNull(), // pending, succeeded, fallback, failed
    error: text(),
    result: jsonb(),
    runId: uuid(), // the bulk run (ai_runs) it belongs to
    appliedAt: timestamp({ withTimezone: true }), // copied into the product; else a suggestion
    appliedPlatform: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_generations_created_idx").on(t.createdAt),
    index("ai_generations_product_idx").on(t.productId, t.createdAt),
    index("ai_generations_run_idx").on(t.runId, t.createdAt),
  ],
);

export * from "./tenant/ai.ts";
export * from "./tenant/source-deliveries.ts";
export * from "./tenant/sources.ts";
export * from "./tenant/stock-writebacks.ts";
