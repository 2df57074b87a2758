// AI listing texts in the control plane: each shop's writing preferences and its monthly
// ledger of model use (the shared cache and the prompt templates are in control.ts).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { tenants } from "../control.ts";

export const AI_TONES = ["friendly", "professional", "enthusiastic"] as const;
export const AI_LENGTHS = ["short", "standard", "long"] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/** How a shop wants its texts written; applied after the cache (no row: the defaults). */
export const aiSettings = pgTable(
  "ai_settings",
  {
    tenantId: integer()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    tone: text().notNull().default("friendly"),
    length: text().notNull().default("standard"),
    emoji: boolean().notNull().default(false),
    language: text(), // null: the shop's locale
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("ai_settings_tone_check", sql`${t.tone} in (${inList(AI_TONES)})`),
    check("ai_settings_length_check", sql`${t.length} in (${inList(AI_LENGTHS)})`),
  ],
);

/** Model use per shop and month (UTC): calls, cache hits, template fallbacks, tokens, cost. */
export const aiLedger = pgTable(
  "ai_ledger",
  {
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    period: date().notNull(), // first day of the month
    generations: integer().notNull().default(0),
    modelCalls: integer().notNull().default(0),
    cacheHits: integer().notNull().default(0),
    fallbacks: integer().notNull().default(0),
    promptTokens: bigint({ mode: "number" }).notNull().default(0),
    completionTokens: bigint({ mode: "number" }).notNull().default(0),
    costMicros: bigint({ mode: "number" }).notNull().default(0), // US dollars × 1,000,000
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.period] })],
);
