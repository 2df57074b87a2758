// pg-boss, in its own schema, and the queues of the pipeline.
import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { fromDrizzle, PgBoss } from "pg-boss";
import { idempotencyKey } from "../listings/idempotency.ts";
import type { ListingAction } from "../listings/lifecycle.ts";
import type { PipelineSettings } from "./settings.ts";

export const BOSS_SCHEMA = "pgboss";
export const DEAD_LETTER_QUEUE = "listing.dead";
export const STOCK_CHANGED_QUEUE = "product.stock_changed";
export const POLL_SALES_QUEUE = "listing.poll-sales";
export const POLL_SWEEP_QUEUE = "listing.poll-sales.sweep";
export const ACTION_QUEUES: Record<ListingAction, string> = {
  publish: "listing.publish",
  update: "listing.update",
  delist: "listing.delist",
};

/** pg-boss's job table, read in place (its jobs are changed only through pg-boss). */
export const bossJobs = sql`${sql.identifier(BOSS_SCHEMA)}.job`;

/** False until the pipeline has created pg-boss's schema (nothing can be waiting then). */
export async function bossJobsExist(tx: Tx): Promise<boolean> {
  const { rows } = await tx.execute<{ ok: boolean }>(
    sql`SELECT to_regclass(${`${BOSS_SCHEMA}.job`}) IS NOT NULL AS ok`,
  );
  return rows[0]?.ok === true;
}

/** What every listing job carries. */
export interface ActionJob {
  tenantId: number;
  listingId: string;
  action: ListingAction;
  revision: number;
  /** Times the action was sent again after being cut short (see dead-letters.ts). */
  requeues?: number;
}

/** The event the catalog sources consume when a sale changes a product's stock. */
export interface StockChanged {
  type: "product.stock_changed";
  tenantId: number;
  productId: string;
  quantity: number;
  listingId: string;
  platform: string;
  at: string;
}

export function createBoss(
  url: string,
  options: {
    max?: number;
    jobExpirySeconds?: number;
    /** Hold a LISTEN connection that wakes this process's workers (useless without workers). */
    listen?: boolean;
  } = {},
): PgBoss {
  // pg-boss notices expired jobs on its supervise pass (every 60 s by default): with a short
  // expiry, look about three times per expiry so a dead worker's jobs come back soon after it.
  const supervise = options.jobExpirySeconds
    ? Math.min(60, Math.max(1, Math.floor(options.jobExpirySeconds / 3)))
    : undefined;
  return new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max: options.max ?? 4,
    application_name: "stoflow-jobs",
    // Workers of the listing queues wake when a job is sent (one LISTEN connection), instead
    // of a publish waiting out the polling interval; polling stays as the backstop.
    useListenNotify: options.listen ?? false,
    ...(supervise
      ? { superviseIntervalSeconds: supervise, monitorIntervalSeconds: supervise }
      : {}),
  });
}

/** Creates the queues, or brings their options up to date. */
export async function ensureQueues(boss: PgBoss, settings: PipelineSettings): Promise<void> {
  const ensure = async (name: string, options: Parameters<PgBoss["createQueue"]>[1]) => {
    if (await boss.getQueue(name)) {
      const { policy: _policy, deadLetter, ...changeable } = options ?? {};
      await boss.updateQueue(name, { ...changeable, ...(deadLetter ? { deadLetter } : {}) });
    } else await boss.createQueue(name, options);
  };
  await ensure(DEAD_LETTER_QUEUE, {
    retentionSeconds: 30 * 86_400,
    deleteAfterSeconds: 30 * 86_400,
  });
  await ensure(STOCK_CHANGED_QUEUE, { retryLimit: 5, retryBackoff: true });
  await ensure(POLL_SWEEP_QUEUE, { retryLimit: 1 });
  await ensure(POLL_SALES_QUEUE, {
    // One waiting and one running poll per account (singletonKey poll:<tenant>:<account>).
    policy: "stately",
    retryLimit: settings.attempts - 1,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: settings.retryDelayMaxSeconds,
    expireInSeconds: settings.jobExpirySeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  });
  for (const name of Object.values(ACTION_QUEUES)) {
    await ensure(name, {
      // One waiting and one running job per idempotency key: a duplicate send is dropped, and
      // a running job can reschedule itself under the same key.
      policy: "stately",
      retryLimit: settings.attempts - 1,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: settings.retryDelayMaxSeconds,
      expireInSeconds: settings.jobExpirySeconds,
      deadLetter: DEAD_LETTER_QUEUE,
      notify: true,
    });
  }
}

export interface SendOptions {
  startAfter?: Date;
  tx?: Tx;
}

/** Queues one marketplace action; null when the same key is already waiting. */
export function sendAction(boss: PgBoss, job: ActionJob, options: SendOptions = {}) {
  return boss.send(ACTION_QUEUES[job.action], job, {
    singletonKey: idempotencyKey(job.listingId, job.action, job.revision),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    // In the caller's transaction: the job exists only if the state change commits.
    ...(options.tx ? { db: fromDrizzle(options.tx, sql) } : {}),
  });
}

/** Queues several actions in one insert per queue (same keys and options as sendAction). */
export async function sendActions(boss: PgBoss, jobs: ActionJob[], options: { tx?: Tx } = {}) {
  const byQueue = new Map<string, ActionJob[]>();
  for (const job of jobs) {
    const queue = ACTION_QUEUES[job.action];
    byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
  }
  for (const [queue, batch] of byQueue) {
    await boss.insert(
      queue,
      batch.map((job) => ({
        data: job,
        singletonKey: idempotencyKey(job.listingId, job.action, job.revision),
      })),
      options.tx ? { db: fromDrizzle(options.tx, sql) } : {},
    );
  }
}
