// The shop writes one marketplace sale asks for, planned once in the transaction that takes
// the unit off a variant: a retried write-back job sends the same absolute quantities again
// instead of taking a second unit off.
import { jsonb, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { catalogSources, listings } from "../tenant.ts";

export interface PlannedStockWrite {
  productRef: string;
  variantRef: string | null;
  quantity: number;
}

export const stockWritebacks = pgTable(
  "stock_writebacks",
  {
    listingId: uuid()
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    soldAt: timestamp({ withTimezone: true }).notNull(),
    sourceId: uuid()
      .notNull()
      .references(() => catalogSources.id, { onDelete: "cascade" }),
    writes: jsonb().$type<PlannedStockWrite[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.soldAt] })],
);
