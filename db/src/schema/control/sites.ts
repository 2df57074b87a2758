// Site tokens: the server-to-server credential of one WordPress site running the Stoflow for
// WooCommerce plugin. Bound to one shop and (once the store is connected) to its catalog
// source; only the token's hash is kept.
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants, users } from "../control.ts";

export const siteTokens = pgTable(
  "site_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    // The tenant's catalog_sources row (in its own schema, hence no foreign key); null until
    // the store's owner has approved the keys.
    sourceId: uuid(),
    tokenHash: text().notNull().unique(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("site_tokens_tenant_idx").on(t.tenantId)],
);
