// AI listing texts in each tenant schema: bulk generation runs (their generations are rows of
// ai_generations carrying the run id).
import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const AI_RUN_STATUSES = ["running", "finished"] as const;

export const aiRuns = pgTable(
  "ai_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    status: text().notNull().default("running"),
    platforms: text().array().notNull(),
    language: text(),
    apply: boolean().notNull().default(false),
    total: integer().notNull(),
    done: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    cacheHits: integer().notNull().default(0),
    fallbacks: integer().notNull().default(0),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [check("ai_runs_status_check", sql`${t.status} in ('running', 'finished')`)],
);
