// Generation quotas per plan (plans.ai_descriptions, plans.ai_generations_per_month), counted
// in usage_counters as `ai_generations`. A slot is taken before the model is asked and given
// back if no AI text comes out of it, so concurrent jobs never overshoot the quota.
import type { Db } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { planOf } from "../plans/plan.ts";

const PERIOD = sql`date_trunc('month', now() AT TIME ZONE 'UTC')::date`;

export type QuotaRefusal = "plan" | "quota";

/** Takes one AI generation of this month; the reason when the plan refuses it. */
export async function takeGeneration(db: Db, tenantId: number): Promise<QuotaRefusal | undefined> {
  const plan = await planOf(db, tenantId);
  if (!plan.aiDescriptions) return "plan";
  const max = plan.aiGenerationsPerMonth;
  if (max !== null && max <= 0) return "quota";
  const { rows } = await db.execute(sql`
    INSERT INTO public.usage_counters AS c (tenant_id, period, metric, value)
    VALUES (${tenantId}, ${PERIOD}, 'ai_generations', 1)
    ON CONFLICT (tenant_id, period, metric) DO UPDATE SET value = c.value + 1
      WHERE ${max === null ? sql`true` : sql`c.value < ${max}`}
    RETURNING value`);
  return rows.length ? undefined : "quota";
}

export async function giveBackGeneration(db: Db, tenantId: number): Promise<void> {
  await db.execute(sql`
    UPDATE public.usage_counters SET value = greatest(value - 1, 0)
    WHERE tenant_id = ${tenantId} AND period = ${PERIOD} AND metric = 'ai_generations'`);
}

/** Why the plan would refuse a generation now, without taking one; undefined if it would not. */
export async function peekRefusal(db: Db, tenantId: number): Promise<QuotaRefusal | undefined> {
  const plan = await planOf(db, tenantId);
  if (!plan.aiDescriptions) return "plan";
  const max = plan.aiGenerationsPerMonth;
  if (max === null) return undefined;
  const { rows } = await db.execute<{ value: number }>(sql`
    SELECT value::int AS value FROM public.usage_counters
    WHERE tenant_id = ${tenantId} AND period = ${PERIOD} AND metric = 'ai_generations'`);
  return (rows[0]?.value ?? 0) >= max ? "quota" : undefined;
}
