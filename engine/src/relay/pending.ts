// The queued listing actions of a shop's relay accounts, read from the pipeline's own queue
// (pg-boss jobs waiting or retrying), so the relay and the workers never disagree on what
// is to be done.
import { type Tx, tenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import type { ListingAction } from "../listings/lifecycle.ts";
import { ACTION_QUEUES, bossJobs, bossJobsExist } from "../pipeline/queues.ts";

export interface PendingJob {
  listingId: string;
  action: ListingAction;
  revision: number;
  accountId: string;
  domain: string | null;
}

const QUEUE_ACTIONS = new Map(
  Object.entries(ACTION_QUEUES).map(([a, q]) => [q, a as ListingAction]),
);

/** The accounts whose work goes to the seller's browser (`a` is channel_accounts). */
export const relayAccount = sql`a.relay_mode AND a.platform = 'vinted'
      AND a.status NOT IN ('reconnect_needed', 'disconnected')`;

/** Oldest first; empty when the job queue was never created (no pipeline yet). */
export async function pendingRelayJobs(
  tx: Tx,
  tenantId: number,
  limit: number,
): Promise<PendingJob[]> {
  if (!(await bossJobsExist(tx))) return [];
  const { rows } = await tx.execute<{
    name: string;
    listing_id: string;
    revision: number;
    account_id: string;
    domain: string | null;
  }>(sql`
    SELECT j.name, l.id AS listing_id, (j.data->>'revision')::int AS revision,
           a.id AS account_id, a.domain
    FROM ${bossJobs} j
    JOIN ${tenant.listings} l ON l.id = (j.data->>'listingId')::uuid
    JOIN ${tenant.channelAccounts} a ON a.id = l.channel_account_id
    WHERE j.name IN (${sql.join(
      Object.values(ACTION_QUEUES).map((q) => sql`${q}`),
      sql`, `,
    )})
      AND j.state IN ('created', 'retry', 'active')
      AND (j.data->>'tenantId')::int = ${tenantId}
      AND ${relayAccount}
    ORDER BY j.created_on, j.id
    LIMIT ${limit}`);
  return rows.map((r) => ({
    listingId: r.listing_id,
    action: QUEUE_ACTIONS.get(r.name) as ListingAction,
    revision: r.revision,
    accountId: r.account_id,
    domain: r.domain,
  }));
}
