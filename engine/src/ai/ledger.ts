// Model use per shop and month (ai_ledger): what the usage endpoint shows and what the shop
// costs us at list price.
import { control, type Db } from "@stoflow/db";
import { and, eq, sql } from "drizzle-orm";

export interface LedgerEntry {
  generations: number;
  modelCalls: number;
  cacheHits: number;
  fallbacks: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

export const EMPTY_LEDGER: LedgerEntry = {
  generations: 0,
  modelCalls: 0,
  cacheHits: 0,
  fallbacks: 0,
  promptTokens: 0,
  completionTokens: 0,
  costMicros: 0,
};

const PERIOD = sql`date_trunc('month', now() AT TIME ZONE 'UTC')::date`;

export async function recordLedger(db: Db, tenantId: number, add: Partial<LedgerEntry>) {
  const d = { ...EMPTY_LEDGER, ...add };
  await db.execute(sql`
    INSERT INTO public.ai_ledger AS l (tenant_id, period, generations, model_calls, cache_hits,
      fallbacks, prompt_tokens, completion_tokens, cost_micros)
    VALUES (${tenantId}, ${PERIOD}, ${d.generations}, ${d.modelCalls}, ${d.cacheHits},
      ${d.fallbacks}, ${d.promptTokens}, ${d.completionTokens}, ${d.costMicros})
    ON CONFLICT (tenant_id, period) DO UPDATE SET
      generations = l.generations + EXCLUDED.generations,
      model_calls = l.model_calls + EXCLUDED.model_calls,
      cache_hits = l.cache_hits + EXCLUDED.cache_hits,
      fallbacks = l.fallbacks + EXCLUDED.fallbacks,
      prompt_tokens = l.prompt_tokens + EXCLUDED.prompt_tokens,
      completion_tokens = l.completion_tokens + EXCLUDED.completion_tokens,
      cost_micros = l.cost_micros + EXCLUDED.cost_micros`);
}

/** This month's ledger of a shop. */
export async function ledgerOf(db: Db, tenantId: number): Promise<LedgerEntry> {
  const l = control.aiLedger;
  const [row] = await db
    .select({
      generations: l.generations,
      modelCalls: l.modelCalls,
      cacheHits: l.cacheHits,
      fallbacks: l.fallbacks,
      promptTokens: l.promptTokens,
      completionTokens: l.completionTokens,
      costMicros: l.costMicros,
    })
    .from(l)
    .where(and(eq(l.tenantId, tenantId), eq(l.period, PERIOD)));
  return row ?? { ...EMPTY_LEDGER };
}
