// Bulk generation runs (ai_runs): one pending generation per product, one job each; the
// counters move as jobs finish, so the status and the event stream show progress.
import { type Tx, tenant } from "@stoflow/db";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Outcome } from "./generate.ts";
import { insertPending } from "./generations.ts";
import type { AiLanguage, AiPlatform } from "./platforms.ts";

const r = tenant.aiRuns;
export type Run = typeof r.$inferSelect;

/** The ids among `ids` that are products of this shop. */
export async function existingProducts(tx: Tx, ids: string[]): Promise<Set<string>> {
  const rows = await tx
    .select({ id: tenant.products.id })
    .from(tenant.products)
    .where(inArray(tenant.products.id, ids));
  return new Set(rows.map((row) => row.id));
}

export async function createRun(
  tx: Tx,
  input: {
    productIds: string[];
    platforms: AiPlatform[];
    language: AiLanguage;
    apply: boolean;
    createdBy: string;
  },
): Promise<{ run: Run; generationIds: string[] }> {
  const [run] = await tx
    .insert(r)
    .values({
      platforms: input.platforms,
      language: input.language,
      apply: input.apply,
      total: input.productIds.length,
      createdBy: input.createdBy,
    })
    .returning();
  const created = run as Run;
  const generationIds = await insertPending(
    tx,
    input.productIds.map((productId) => ({
      productId,
      platforms: input.platforms,
      language: input.language,
      runId: created.id,
    })),
  );
  return { run: created, generationIds };
}

/** Counts one finished generation of a run (failed when `outcome` is undefined). */
export async function recordProgress(tx: Tx, runId: string, outcome: Outcome | undefined) {
  const ok = outcome ? 1 : 0;
  const [row] = await tx
    .update(r)
    .set({
      done: sql`${r.done} + ${ok}`,
      failed: sql`${r.failed} + ${1 - ok}`,
      cacheHits: sql`${r.cacheHits} + ${outcome?.cacheHit ? 1 : 0}`,
      fallbacks: sql`${r.fallbacks} + ${outcome?.status === "fallback" ? 1 : 0}`,
      status: sql`CASE WHEN ${r.done} + ${r.failed} + 1 >= ${r.total} THEN 'finished' ELSE ${r.status} END`,
      finishedAt: sql`CASE WHEN ${r.done} + ${r.failed} + 1 >= ${r.total} THEN now() ELSE NULL END`,
    })
    .where(eq(r.id, runId))
    .returning();
  return row;
}

export async function findRun(tx: Tx, id: string): Promise<Run | undefined> {
  const [row] = await tx.select().from(r).where(eq(r.id, id));
  return row;
}

/** The run's finished generations, for progress events (id, product, status, sources). */
export async function finishedOfRun(tx: Tx, runId: string) {
  const g = tenant.aiGenerations;
  return tx
    .select({
      id: g.id,
      productId: g.productId,
      status: g.status,
      cacheHit: g.cacheHit,
      templateFallback: g.templateFallback,
    })
    .from(g)
    .where(and(eq(g.runId, runId), ne(g.status, "pending")))
    .orderBy(asc(g.createdAt), asc(g.id));
}
