// Catalog sources' bookkeeping, per tenant: which shop item each product came from and when
// a full import last saw it, the shop orders already acted on, and the webhooks registered.
import {
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { catalogSources, importRuns, products } from "../tenant.ts";

// One row per (source, shop product): de-duplication by source id, and the deletion sweep of
// full imports (a product the finished run did not see is gone at the shop).
export const sourceItems = pgTable(
  "source_items",
  {
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    sourceRef: text().notNull(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    seenRunId: uuid().references(() => importRuns.id, { onDelete: "set null" }),
    deletedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.sourceRef] }),
    index("source_items_product_idx").on(t.productId),
    index("source_items_seen_idx").on(t.sourceId, t.seenRunId),
  ],
);

// A shop order acts once however often its webhook (or the poll) brings it.
export const sourceOrders = pgTable(
  "source_orders",
  {
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    orderRef: text().notNull(),
    lines: integer().notNull().default(0),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.orderRef] })],
);

export const sourceWebhooks = pgTable(
  "source_webhooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    externalId: text().notNull(),
    lastDeliveryAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("source_webhooks_topic_uq").on(t.sourceId, t.topic)],
);

// Shop facts and sync state the source row does not hold: currency, last sync error.
export const sourceStates = pgTable("source_states", {
  sourceId: uuid()
    .primaryKey()
    .references(() => catalogSources.id, { onDelete: "cascade" }),
  currency: text().notNull().default("EUR"),
  lastError: text(),
  lastErrorAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
