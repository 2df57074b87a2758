// Webhook deliveries already applied, per source, by the shop's delivery id (Shopify's
// X-Shopify-Webhook-Id, WooCommerce's X-WC-Webhook-Delivery-ID): a retried or replayed
// delivery is recognised and changes nothing. Kept a week (shops retry for hours).
import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { catalogSources } from "../tenant.ts";

export const sourceDeliveries = pgTable(
  "source_deliveries",
  {
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    deliveryId: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.deliveryId] }),
    index("source_deliveries_received_idx").on(t.sourceId, t.receivedAt),
  ],
);
