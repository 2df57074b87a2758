import { control, type Db, type Tx, tenant, withTenant } from "@stoflow/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { ledgerOf } from "../ai/ledger.ts";
import { countPendingInvitations } from "../teams/invitations.ts";
import { countMembers } from "../teams/members.ts";
import { type Plan, planOf } from "./plan.ts";

/** Metered things, one usage_counters row per tenant, month and metric. */
export type UsageMetric = "publications" | "ai_generations";

// Usage months are calendar months in UTC, whatever the server's time zone.
const PERIOD_START: SQL = sql`date_trunc('month', now() AT TIME ZONE 'UTC')::date`;

/** Adds `n` to this month's counter (creating it); safe under concurrency. */
export async function recordUsage(
  db: Db | Tx,
  tenantId: number,
  metric: UsageMetric,
  n = 1,
): Promise<void> {
  await db.execute(sql`
    INSERT INTO public.usage_counters AS c (tenant_id, period, metric, value)
    VALUES (${tenantId}, ${PERIOD_START}, ${metric}, ${n})
    ON CONFLICT (tenant_id, period, metric) DO UPDATE SET value = c.value + EXCLUDED.value`);
}

async function thisMonth(db: Db, tenantId: number) {
  const rows = await db
    .select({ metric: control.usageCounters.metric, value: control.usageCounters.value })
    .from(control.usageCounters)
    .where(
      and(
        eq(control.usageCounters.tenantId, tenantId),
        eq(control.usageCounters.period, PERIOD_START),
      ),
    );
  const value = (metric: UsageMetric) => rows.find((r) => r.metric === metric)?.value ?? 0;
  const [period] = (
    await db.execute<{ start: string; end: string }>(sql`
      SELECT to_char(${PERIOD_START}, 'YYYY-MM-DD') AS start,
             to_char(${PERIOD_START} + interval '1 month', 'YYYY-MM-DD') AS end`)
  ).rows;
  return {
    period: period as { start: string; end: string },
    publications: value("publications"),
    aiGenerations: value("ai_generations"),
  };
}

function publications(plan: Plan, used: number) {
  const included = plan.includedPublications;
  const overage = included === null ? 0 : Math.max(0, used - included);
  const centsEach = plan.overageCentsPerPublication ?? 0;
  return {
    used,
    included,
    overage,
    overageCentsPerPublication: plan.overageCentsPerPublication,
    overageCostCents: overage * centsEach,
    currency: plan.currency,
  };
}

/** The shop's plan and this month's use against each of its limits. */
export async function usageOf(db: Db, tenantId: number) {
  const plan = await planOf(db, tenantId);
  const catalog = await withTenant(db, tenantId, async (tx) => {
    const { rows } = await tx.execute<{ products: number; platforms: number }>(sql`
      SELECT (SELECT count(*)::int FROM ${tenant.products}) AS products,
             (SELECT count(DISTINCT platform)::int FROM ${tenant.channelAccounts}) AS platforms`);
    return rows[0] as { products: number; platforms: number };
  });
  const members = await countMembers(db, tenantId);
  const pending = await countPendingInvitations(db, tenantId);
  const month = await thisMonth(db, tenantId);
  const ai = await ledgerOf(db, tenantId);
  return {
    plan,
    period: month.period,
    products: { used: catalog.products, max: plan.maxProducts },
    platforms: { used: catalog.platforms, max: plan.maxPlatforms },
    users: { used: members, pendingInvitations: pending, max: plan.maxUsers },
    publications: publications(plan, month.publications),
    aiGenerations: { used: month.aiGenerations, max: plan.aiGenerationsPerMonth },
    ai: { ...ai, costUsd: ai.costMicros / 1_000_000 },
  };
}
