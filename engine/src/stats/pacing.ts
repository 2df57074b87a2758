import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";

export interface PacingUse {
  accountId: string;
  platform: string;
  username: string | null;
  status: string;
  used: number;
  max: number;
  windowSeconds: number;
  /** Set when the account cannot act now (window full or paused): when it can again. */
  nextActionAt?: Date;
}

/**
 * Each channel account's use of its rolling pacing window, read from the slots the pipeline
 * itself counts (engine/src/pipeline/pacing.ts): every action and sales-poll page that ran
 * inside the window, bookings for waiting jobs left out. When the window is full, the next
 * slot opens as the oldest counted one leaves it.
 */
export async function pacingUse(tx: Tx): Promise<PacingUse[]> {
  const { rows } = await tx.execute<{
    accountId: string;
    platform: string;
    username: string | null;
    status: string;
    used: number;
    max: number;
    windowSeconds: number;
    nextActionAt: Date | null;
  }>(sql`
    WITH recent AS (
      SELECT s.channel_account_id AS account_id, s.taken_at AS created_at
      FROM pacing_slots s
      WHERE NOT s.reserved
        AND s.taken_at <= now()
        AND s.taken_at > now() - make_interval(
          secs => (SELECT coalesce(max(pacing_window_seconds), 0) FROM channel_accounts))
    ),
    use AS (
      SELECT a.id, a.platform, a.username, a.status, a.paused_until,
             a.pacing_max_actions AS max, a.pacing_window_seconds AS window_seconds,
             count(r.created_at)::int AS used,
             array_agg(r.created_at ORDER BY r.created_at)
               FILTER (WHERE r.created_at IS NOT NULL) AS times
      FROM channel_accounts a
      LEFT JOIN recent r
        ON r.account_id = a.id
       AND r.created_at > now() - make_interval(secs => a.pacing_window_seconds)
      GROUP BY a.id
    )
    SELECT id AS "accountId", platform, username, status, used, max,
           window_seconds AS "windowSeconds",
           greatest(
             CASE WHEN used >= max AND max > 0
                  THEN times[used - max + 1] + make_interval(secs => window_seconds) END,
             CASE WHEN paused_until > now() THEN paused_until END
           ) AS "nextActionAt"
    FROM use
    ORDER BY platform, username NULLS LAST, id`);
  return rows.map(({ nextActionAt, ...row }) =>
    nextActionAt ? { ...row, nextActionAt: new Date(nextActionAt) } : row,
  );
}
