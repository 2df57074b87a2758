// The `ai.generate` queue: one job per pending generation (a single request that missed the
// cache, or each product of a bulk run). A job is idempotent: a generation no longer pending
// is left alone, so a re-delivered job does nothing.
import { type Db, type Tx, withTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss } from "pg-boss";
import { applyGeneration } from "./apply.ts";
import { type AiDeps, generate, prepare, shopContext } from "./generate.ts";
import { failGeneration, findGeneration, finishGeneration } from "./generations.ts";
import { loadFacts } from "./product-facts.ts";
import { findRun, recordProgress } from "./runs.ts";

export const AI_QUEUE = "ai.generate";

export interface AiJob {
  tenantId: number;
  generationId: string;
  /** Apply the texts to the product when done (a single request's choice; runs say it themselves). */
  apply?: boolean;
}

export async function ensureAiQueue(boss: PgBoss): Promise<void> {
  const options = { retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 900 };
  if (await boss.getQueue(AI_QUEUE)) await boss.updateQueue(AI_QUEUE, options);
  else await boss.createQueue(AI_QUEUE, options);
}

/** Queues jobs, in the caller's transaction when given (they exist only if it commits). */
export async function sendAiJobs(boss: PgBoss, jobs: AiJob[], tx?: Tx): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(
    AI_QUEUE,
    jobs.map((data) => ({ data, singletonKey: `ai:${data.generationId}` })),
    tx ? { db: fromDrizzle(tx, sql) } : {},
  );
}

async function settle(
  db: Db,
  job: AiJob,
  run: (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => Promise<unknown>,
) {
  await withTenant(db, job.tenantId, run);
}

/** Runs one generation job to its end (texts, run progress, apply). */
export async function runAiJob(deps: AiDeps, boss: PgBoss | undefined, job: AiJob): Promise<void> {
  const generation = await withTenant(deps.db, job.tenantId, (tx) =>
    findGeneration(tx, job.generationId),
  );
  if (generation?.status !== "pending") return;
  const facts = generation.productId
    ? await loadFacts(deps.db, job.tenantId, generation.productId)
    : undefined;
  if (!facts) {
    await settle(deps.db, job, async (tx) => {
      const failed = await failGeneration(tx, generation.id, "The product no longer exists.");
      if (failed && generation.runId) await recordProgress(tx, generation.runId, undefined);
    });
    return;
  }
  const context = await shopContext(
    deps.db,
    job.tenantId,
    generation.platforms,
    generation.language,
  );
  const outcome = await generate(deps, prepare(facts, context));
  await settle(deps.db, job, async (tx) => {
    const finished = await finishGeneration(tx, generation.id, outcome);
    if (!finished) return;
    let apply = job.apply === true;
    if (generation.runId) {
      await recordProgress(tx, generation.runId, outcome);
      apply = (await findRun(tx, generation.runId))?.apply ?? false;
    }
    if (apply) await applyGeneration(tx, boss, job.tenantId, finished);
  });
}

export async function startAiWorker(
  boss: PgBoss,
  deps: AiDeps,
  options: { concurrency: number; pollingIntervalSeconds?: number },
): Promise<void> {
  await boss.work<AiJob>(
    AI_QUEUE,
    { batchSize: options.concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => runAiJob(deps, boss, job.data)));
    },
  );
}
