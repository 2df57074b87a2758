// Import runs: a shop's catalog read page by page into Stoflow. Each page is stored with the
// run's next cursor and counts in one transaction, so a run killed at any point resumes after
// its last stored page (same final state, no duplicates: products are keyed by shop id). At
// most two pages are in memory (the one being stored, the next one being read). One run per
// source at a time: a session advisory lock, released by PostgreSQL if the process dies, so a
// crashed run is simply taken over by the next `runImport` of that source.
import { type Db, tenant, withTenant } from "@stoflow/db";
import { and, desc, eq, sql } from "drizzle-orm";
import type pg from "pg";
import type { Requester } from "../listings/requests.ts";
import type { Logger } from "../logger.ts";
import { planOf } from "../plans/plan.ts";
import type { Vault } from "../vault/vault.ts";
import { loadSource } from "./connection.ts";
import { effectiveMapping } from "./mapping.ts";
import { type ImportProgress, type ImportRunRow, progressOf, type RunCursor } from "./progress.ts";
import { type SourceRegistry, sourceOf } from "./registry.ts";
import { retrying } from "./retry.ts";
import { markDeleted, sweepGone, unseenRefs } from "./shop-changes.ts";
import { type ImportPage, SourceError } from "./source.ts";
import { type StoreTarget, storeProducts, touchSeen } from "./store-products.ts";

export interface ImportDeps {
  db: Db;
  pool: pg.Pool;
  vault: Vault;
  sources: SourceRegistry;
  requester: Requester;
  log: Logger;
}

export type ImportKind = "full" | "incremental";

/** Another process runs this source's import right now. */
export class ImportBusy extends Error {
  constructor() {
    super("An import of this source is already running.");
    this.name = "ImportBusy";
  }
}

/** Incremental syncs read from a little before the last one began: shop clocks drift. */
const SINCE_MARGIN_MS = 5 * 60_000;
const MAX_ERRORS_KEPT = 50;

const { importRuns, catalogSources, sourceStates } = tenant;

/** What every page of a run is stored with: read once when the run starts. */
type ShopFacts = Pick<StoreTarget, "mapping" | "currency" | "plan">;

/** The running run of a source (a crashed one included), or a new one. */
export async function openRun(
  db: Db,
  tenantId: number,
  sourceId: string,
  options: { kind?: ImportKind; force?: boolean } = {},
): Promise<{ run: ImportRunRow; created: boolean }> {
  return withTenant(db, tenantId, async (tx) => {
    // Serialises two callers opening a run for the same source.
    const [source] = await tx
      .select({ cursor: catalogSources.cursor })
      .from(catalogSources)
      .where(eq(catalogSources.id, sourceId))
      .for("update");
    if (!source)
      throw new SourceError("This catalog source does not exist.", { kind: "permanent" });
    const [running] = await tx
      .select()
      .from(importRuns)
      .where(and(eq(importRuns.sourceId, sourceId), eq(importRuns.status, "running")))
      .orderBy(desc(importRuns.startedAt))
      .limit(1);
    if (running) return { run: running, created: false };
    const since = (source.cursor as { since?: string }).since;
    // Without a completed sync there is nothing to be incremental from.
    const kind = options.kind === "incremental" && since ? "incremental" : "full";
    const cursor: RunCursor = { page: {}, ...(kind === "incremental" ? { since } : {}) };
    if (options.force) cursor.force = true;
    const [run] = await tx.insert(importRuns).values({ sourceId, kind, cursor }).returning();
    return { run: run as ImportRunRow, created: true };
  });
}

async function withImportLock<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok",
      [key],
    );
    if (!rows[0]?.ok) throw new ImportBusy();
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    }
  } finally {
    client.release();
  }
}

export interface RunOptions {
  kind?: ImportKind;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Runs (or resumes) the source's import to its end and returns the final progress. A failure
 * of the shop ends the run `failed` with the reason; an abort leaves it `running`, to resume.
 */
export async function runImport(
  deps: ImportDeps,
  tenantId: number,
  sourceId: string,
  options: RunOptions = {},
): Promise<ImportProgress> {
  return withImportLock(deps.pool, `stoflow:import:${tenantId}:${sourceId}`, async () => {
    const { run } = await openRun(deps.db, tenantId, sourceId, options);
    return execute(deps, tenantId, sourceId, run, options);
  });
}

async function saveRun(
  db: Db,
  tenantId: number,
  runId: string,
  set: Partial<typeof importRuns.$inferInsert>,
): Promise<ImportRunRow> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx.update(importRuns).set(set).where(eq(importRuns.id, runId)).returning(),
  );
  return row as ImportRunRow;
}

async function execute(
  deps: ImportDeps,
  tenantId: number,
  sourceId: string,
  opened: ImportRunRow,
  options: RunOptions,
): Promise<ImportProgress> {
  const { row, conn } = await loadSource(deps, tenantId, sourceId);
  const source = sourceOf(deps.sources, row.kind);
  const shop: ShopFacts = {
    mapping: effectiveMapping(row.mapping),
    currency: conn.currency,
    plan: await planOf(deps.db, tenantId),
  };
  const previous = opened.cursor as RunCursor;
  const cursor: RunCursor = {
    ...previous,
    resumedAt: new Date().toISOString(),
    doneAtResume: opened.done + opened.failed,
    resumes: previous.resumedAt ? (previous.resumes ?? 0) + 1 : 0,
  };
  let run = await saveRun(deps.db, tenantId, opened.id, { cursor, heartbeatAt: new Date() });
  const log = deps.log.child({ tenantId, sourceId, runId: run.id });
  if (cursor.resumes) log.info({ done: run.done }, "Import resumed from its cursor");
  options.onProgress?.(progressOf(run));
  const kind = run.kind as ImportKind;
  const since = cursor.since ? new Date(cursor.since) : undefined;
  const read = (page: Record<string, unknown>) =>
    retrying(() => source.readPage(conn, { kind, cursor: page, since, signal: options.signal }), {
      signal: options.signal,
    });
  try {
    let pending: Promise<ImportPage> = read(cursor.page);
    for (;;) {
      const page = await pending;
      // The next page is read while this one is stored.
      if (page.next) {
        pending = read(page.next);
        pending.catch(() => {}); // awaited on the next turn; no unhandled rejection meanwhile
      }
      run = await storePage(
        deps,
        tenantId,
        run,
        page,
        { ...cursor, page: page.next ?? cursor.page },
        shop,
      );
      cursor.page = page.next ?? cursor.page;
      options.onProgress?.(progressOf(run));
      if (!page.next) break;
      if (options.signal?.aborted) throw options.signal.reason;
    }
    run = await finish(deps, tenantId, run, shop, (refs) =>
      source.confirmGone
        ? retrying(() => source.confirmGone?.(conn, refs) ?? Promise.resolve(refs))
        : Promise.resolve(refs),
    );
    log.info({ done: run.done, failed: run.failed }, "Import finished");
  } catch (error) {
    if (options.signal?.aborted) {
      log.warn("Import stopped; it resumes from its cursor on the next start");
      throw error;
    }
    run = await fail(deps, tenantId, run, error);
    log.warn({ err: error }, "Import failed");
  }
  const progress = progressOf(run);
  options.onProgress?.(progress);
  return progress;
}

function target(
  deps: ImportDeps,
  tx: StoreTarget["tx"],
  tenantId: number,
  run: ImportRunRow,
  shop: ShopFacts,
): StoreTarget {
  return {
    tx,
    tenantId,
    sourceId: run.sourceId,
    ...shop,
    runId: run.id,
    requester: deps.requester,
    actor: `import:${run.id}`,
    force: (run.cursor as RunCursor).force === true,
  };
}

/** One page and the run's new position, in one transaction: the unit a crash cannot split. */
async function storePage(
  deps: ImportDeps,
  tenantId: number,
  run: ImportRunRow,
  page: ImportPage,
  cursor: RunCursor,
  shop: ShopFacts,
): Promise<ImportRunRow> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const t = target(deps, tx, tenantId, run, shop);
    const stored = await storeProducts(t, page.products);
    await touchSeen(
      t,
      page.failures.map((f) => f.ref),
    );
    for (const gone of page.deleted ?? []) await markDeleted(t, gone.ref, gone.at);
    const errors = [...page.failures, ...stored.refused].map((f) => ({
      ref: f.ref,
      message: f.message,
    }));
    const [saved] = await tx
      .update(importRuns)
      .set({
        cursor,
        done: sql`${importRuns.done} + ${page.products.length - stored.refused.length}`,
        failed: sql`${importRuns.failed} + ${page.failures.length + stored.refused.length}`,
        ...(page.total !== undefined ? { total: page.total } : {}),
        ...(errors.length > 0
          ? {
              errors: sql`(SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM (
                SELECT e FROM jsonb_array_elements(${importRuns.errors} || ${JSON.stringify(errors)}::jsonb) AS e
                OFFSET greatest(jsonb_array_length(${importRuns.errors}) + ${errors.length} - ${MAX_ERRORS_KEPT}, 0)) kept)`,
            }
          : {}),
        heartbeatAt: new Date(),
      })
      .where(eq(importRuns.id, run.id))
      .returning();
    return saved as ImportRunRow;
  });
}

async function finish(
  deps: ImportDeps,
  tenantId: number,
  run: ImportRunRow,
  shop: ShopFacts,
  confirmGone: (refs: string[]) => Promise<string[]>,
): Promise<ImportRunRow> {
  // Only a full, complete read may conclude that what it did not see is gone; the shop is
  // asked first, so a product that moved between pages during the run is not taken for gone.
  let gone: string[] = [];
  if (run.kind === "full") {
    const candidates = await withTenant(deps.db, tenantId, (tx) =>
      unseenRefs(target(deps, tx, tenantId, run, shop), run.id, run.startedAt),
    );
    for (let i = 0; i < candidates.length; i += 100) {
      gone = gone.concat(await confirmGone(candidates.slice(i, i + 100)));
    }
  }
  return withTenant(deps.db, tenantId, async (tx) => {
    await sweepGone(target(deps, tx, tenantId, run, shop), run.id, run.startedAt, gone);
    const since = new Date(run.startedAt.getTime() - SINCE_MARGIN_MS).toISOString();
    await tx
      .update(catalogSources)
      .set({
        cursor: { since },
        lastSyncedAt: new Date(),
        // A source disconnected while the run went on (an uninstall, a link) stays so.
        status: sql`CASE WHEN ${catalogSources.status} = 'disconnected' THEN 'disconnected' ELSE 'connected' END`,
      })
      .where(eq(catalogSources.id, run.sourceId));
    await tx
      .update(sourceStates)
      .set({ lastError: null, lastErrorAt: null })
      .where(eq(sourceStates.sourceId, run.sourceId));
    const [saved] = await tx
      .update(importRuns)
      .set({ status: "succeeded", finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(importRuns.id, run.id))
      .returning();
    return saved as ImportRunRow;
  });
}

async function fail(
  deps: ImportDeps,
  tenantId: number,
  run: ImportRunRow,
  error: unknown,
): Promise<ImportRunRow> {
  const message =
    error instanceof SourceError ? error.message : "The import stopped on an internal error.";
  return withTenant(deps.db, tenantId, async (tx) => {
    if (error instanceof SourceError && error.kind === "auth") {
      await tx
        .update(catalogSources)
        .set({ status: "reconnect_needed" })
        .where(eq(catalogSources.id, run.sourceId));
    }
    await tx
      .insert(sourceStates)
      .values({ sourceId: run.sourceId, lastError: message, lastErrorAt: new Date() })
      .onConflictDoUpdate({
        target: sourceStates.sourceId,
        set: { lastError: message, lastErrorAt: new Date() },
      });
    const [saved] = await tx
      .update(importRuns)
      .set({
        status: "failed",
        finishedAt: new Date(),
        heartbeatAt: new Date(),
        errors: sql`${importRuns.errors} || ${JSON.stringify([{ message }])}::jsonb`,
      })
      .where(eq(importRuns.id, run.id))
      .returning();
    return saved as ImportRunRow;
  });
}
