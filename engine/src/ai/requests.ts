// What the API asks of the AI: one product's texts (at once when cached or template-made,
// else as a job), and bulk runs. A process without a job queue does the work itself.
import { withTenant } from "@stoflow/db";
import { applyGeneration } from "./apply.ts";
import { type AiDeps, generate, generateInstantly, prepare, shopContext } from "./generate.ts";
import { findGeneration, type Generation, insertFinished, insertPending } from "./generations.ts";
import { runAiJob, sendAiJobs } from "./jobs.ts";
import type { AiLanguage, AiPlatform } from "./platforms.ts";
import { loadFacts } from "./product-facts.ts";
import { createRun, existingProducts, type Run } from "./runs.ts";
import type { AiRuntime } from "./runtime.ts";

export interface GenerationRequest {
  productId: string;
  platforms: AiPlatform[];
  language?: AiLanguage;
  apply: boolean;
  applyPlatform?: AiPlatform;
}

/** The generation, done (`queued` false) or pending on a job; undefined for an unknown product. */
export async function requestGeneration(
  ai: AiRuntime,
  tenantId: number,
  input: GenerationRequest,
): Promise<{ generation: Generation; queued: boolean } | undefined> {
  const { deps, boss } = ai;
  const facts = await loadFacts(deps.db, tenantId, input.productId);
  if (!facts) return undefined;
  const prepared = prepare(
    facts,
    await shopContext(deps.db, tenantId, input.platforms, input.language),
  );
  let outcome = await generateInstantly(deps, prepared);
  if (!outcome && boss) {
    const generation = await withTenant(deps.db, tenantId, async (tx) => {
      const [id] = await insertPending(tx, [
        { productId: input.productId, platforms: prepared.platforms, language: prepared.language },
      ]);
      await sendAiJobs(boss, [{ tenantId, generationId: id as string, apply: input.apply }], tx);
      return id as string;
    });
    const pending = await withTenant(deps.db, tenantId, (tx) => findGeneration(tx, generation));
    return { generation: pending as Generation, queued: true };
  }
  outcome ??= await generate(deps, prepared);
  const done = outcome;
  const generation = await withTenant(deps.db, tenantId, async (tx) => {
    const row = await insertFinished(tx, input.productId, prepared.platforms, done);
    if (!input.apply) return row;
    const applied = await applyGeneration(tx, boss, tenantId, row, input.applyPlatform);
    return applied.ok ? applied.generation : row;
  });
  return { generation, queued: false };
}

export interface RunRequest {
  productIds: string[];
  platforms: AiPlatform[];
  language?: AiLanguage;
  apply: boolean;
  createdBy: string;
}

export async function startRun(
  ai: AiRuntime,
  tenantId: number,
  input: RunRequest,
): Promise<{ run: Run } | { missing: string[] }> {
  const { deps, boss } = ai;
  const productIds = [...new Set(input.productIds)];
  const context = await shopContext(deps.db, tenantId, input.platforms, input.language);
  const created = await withTenant(deps.db, tenantId, async (tx) => {
    const existing = await existingProducts(tx, productIds);
    const missing = productIds.filter((id) => !existing.has(id));
    if (missing.length) return { missing };
    const { run, generationIds } = await createRun(tx, {
      ...input,
      productIds,
      language: context.language,
    });
    const jobs = generationIds.map((generationId) => ({ tenantId, generationId }));
    if (boss) await sendAiJobs(boss, jobs, tx);
    return { run, jobs };
  });
  if ("missing" in created) return created;
  if (!boss) void runInProcess(deps, created.jobs);
  return { run: created.run };
}

async function runInProcess(deps: AiDeps, jobs: { tenantId: number; generationId: string }[]) {
  for (const job of jobs) {
    try {
      await runAiJob(deps, undefined, job);
    } catch (error) {
      deps.log.error({ err: error, generationId: job.generationId }, "AI generation failed");
    }
  }
}
