// The sources' jobs on the pipeline's pg-boss: imports (one waiting and one running per source;
// a worker that dies mid-run stops heart-beating, pg-boss hands the job to another worker, and
// the run resumes from its cursor), the periodic incremental sync of every connected source
// (what catches shop orders and changes when webhooks are missing), and the stock write-back
// of sales (`product.stock_changed`, sent by markSold).
import { control, type Db, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { Job, PgBoss } from "pg-boss";
import type { Logger } from "../logger.ts";
import { STOCK_CHANGED_QUEUE, type StockChanged } from "../pipeline/queues.ts";
import { ImportBusy, type ImportDeps, type ImportKind, runImport } from "./import-run.ts";
import { writeBackStock } from "./stock-writeback.ts";

export const IMPORT_QUEUE = "source.import";
export const SYNC_SWEEP_QUEUE = "source.sync.sweep";
export const DEFAULT_SYNC_CRON = "*/5 * * * *";
const HEARTBEAT_SECONDS = 30;

export interface ImportJob {
  tenantId: number;
  sourceId: string;
  kind: ImportKind;
  force?: boolean;
}

export async function ensureSourceQueues(boss: PgBoss): Promise<void> {
  if (!(await boss.getQueue(IMPORT_QUEUE))) {
    await boss.createQueue(IMPORT_QUEUE, {
      policy: "stately",
      retryLimit: 20,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 300,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: 24 * 3600,
    });
  }
  if (!(await boss.getQueue(SYNC_SWEEP_QUEUE)))
    await boss.createQueue(SYNC_SWEEP_QUEUE, { retryLimit: 1 });
}

/** Queues an import of a source; null when one is already waiting. */
export function sendImport(boss: PgBoss, job: ImportJob) {
  return boss.send(IMPORT_QUEUE, job, { singletonKey: `import:${job.tenantId}:${job.sourceId}` });
}

/** An incremental sync for every connected source of every active shop. */
export async function sweepSourceSyncs(boss: PgBoss, db: Db): Promise<number> {
  let queued = 0;
  const shops = await db
    .select({ id: control.tenants.id, status: control.tenants.status })
    .from(control.tenants);
  for (const shop of shops) {
    if (shop.status !== "active") continue;
    const sources = await withTenant(db, shop.id, (tx) =>
      tx
        .select({ id: tenant.catalogSources.id })
        .from(tenant.catalogSources)
        .where(eq(tenant.catalogSources.status, "connected")),
    );
    for (const s of sources) {
      if (await sendImport(boss, { tenantId: shop.id, sourceId: s.id, kind: "incremental" }))
        queued++;
    }
  }
  return queued;
}

async function runImportJob(boss: PgBoss, deps: ImportDeps, job: Job<ImportJob>, log: Logger) {
  const beat = setInterval(
    () => {
      boss.touch(IMPORT_QUEUE, job.id).catch(() => {});
    },
    (HEARTBEAT_SECONDS * 1000) / 3,
  );
  try {
    const progress = await runImport(deps, job.data.tenantId, job.data.sourceId, {
      kind: job.data.kind,
      force: job.data.force,
    });
    return { status: progress.status, done: progress.done, failed: progress.failed };
  } catch (error) {
    if (error instanceof ImportBusy) return { status: "busy" }; // another worker has it
    log.error({ err: error, jobId: job.id }, "Import job crashed");
    throw error;
  } finally {
    clearInterval(beat);
  }
}

/** Starts the sources' workers; `syncCron` empty turns the periodic sync off. */
export async function startSourceWorkers(
  boss: PgBoss,
  deps: ImportDeps,
  options: { syncCron: string; pollingIntervalSeconds?: number },
): Promise<void> {
  await ensureSourceQueues(boss);
  const log = deps.log;
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<ImportJob>(IMPORT_QUEUE, { ...polling, batchSize: 1 }, async ([job]) =>
    job ? runImportJob(boss, deps, job, log) : undefined,
  );
  await boss.work<StockChanged>(
    STOCK_CHANGED_QUEUE,
    { ...polling, batchSize: 1 },
    async ([job]) => {
      if (!job) return;
      const written = await writeBackStock(deps, job.data);
      log.debug({ productId: job.data.productId, written }, "Stock written back to the shop");
    },
  );
  await boss.work(SYNC_SWEEP_QUEUE, polling, async () => {
    const queued = await sweepSourceSyncs(boss, deps.db);
    log.debug({ queued }, "Source syncs queued");
  });
  if (options.syncCron) await boss.schedule(SYNC_SWEEP_QUEUE, options.syncCron);
  else await boss.unschedule(SYNC_SWEEP_QUEUE);
}
