// The embedded Shopify app's links in the control plane: which Stoflow shop (tenant) each
// installed Shopify shop acts as, and the ledger of the compliance webhooks it handed over.
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants, users } from "../control.ts";

/** One row per Shopify shop that installed the app; gone with its tenant (shop/redact). */
export const shopifyAppShops = pgTable(
  "shopify_app_shops",
  {
    shop: text().primaryKey(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The account the app acts as: the tenant's owner, made at install, without a password. */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sourceId: uuid(),
    installedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    uninstalledAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("shopify_app_shops_tenant_idx").on(t.tenantId)],
);

/**
 * Compliance deliveries, keyed by X-Shopify-Webhook-Id (stable across Shopify's retries): a
 * replayed delivery finds its row and is not carried out twice. Kept after the shop's tenant
 * is erased: it is the proof the request was honoured.
 */
export const shopifyComplianceRequests = pgTable(
  "shopify_compliance_requests",
  {
    webhookId: text().primaryKey(),
    shop: text().notNull(),
    topic: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    outcome: jsonb().notNull(),
  },
  (t) => [index("shopify_compliance_requests_shop_idx").on(t.shop)],
);
