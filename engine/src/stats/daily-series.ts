import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";

export const SERIES_DAYS = 30;

export type DayCounts = {
  date: string; // YYYY-MM-DD in the requested time zone
  published: number;
  sold: number;
  errors: number;
};

/**
 * Per day, from the publication history: listings that went live (into `published` from
 * anything but `updating`, so an update is not a second publication), sales, and errors.
 * Days are calendar days in `timeZone`, oldest first, today last, gaps filled with zeros.
 */
export async function dailySeries(tx: Tx, timeZone: string): Promise<DayCounts[]> {
  const { rows } = await tx.execute<DayCounts>(sql`
    WITH bounds AS (
      SELECT (now() AT TIME ZONE ${timeZone})::date AS today
    ),
    days AS (
      SELECT d::date AS day
      FROM bounds, generate_series(today - ${SERIES_DAYS - 1}::int, today, interval '1 day') AS d
    ),
    counts AS (
      SELECT (e.created_at AT TIME ZONE ${timeZone})::date AS day,
             count(*) FILTER (WHERE e.to_state = 'published'
                                AND e.from_state IS DISTINCT FROM 'updating') AS published,
             count(*) FILTER (WHERE e.to_state = 'sold') AS sold,
             count(*) FILTER (WHERE e.to_state = 'error') AS errors
      FROM publication_events e, bounds
      WHERE e.created_at >= ((today - ${SERIES_DAYS - 1}::int)::timestamp AT TIME ZONE ${timeZone})
      GROUP BY 1
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
           coalesce(counts.published, 0)::int AS published,
           coalesce(counts.sold, 0)::int AS sold,
           coalesce(counts.errors, 0)::int AS errors
    FROM days LEFT JOIN counts USING (day)
    ORDER BY days.day`);
  return rows;
}
