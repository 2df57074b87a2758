import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { listPlans, type Plan as PlanRow } from "../../plans/plan.ts";
import { usageOf } from "../../plans/usage.ts";

const limit = (what: string) =>
  z
    .number()
    .int()
    .nullable()
    .meta({ description: `${what}; null: unlimited` });

const Plan = z
  .object({
    code: z.string(),
    name: z.string(),
    priceCents: z.number().int().nullable().meta({ description: "Per month; null: on request" }),
    currency: z.string(),
    maxProducts: limit("Products"),
    maxPlatforms: limit("Marketplaces and shops connected"),
    maxUsers: limit("Team members"),
    aiDescriptions: z.boolean(),
    aiGenerationsPerMonth: limit("AI generations per month"),
    apiAccess: z.boolean(),
    prioritySupport: z.boolean(),
    includedPublications: limit("Publications included per month"),
    overageCentsPerPublication: z.number().int().nullable(),
  })
  .meta({ id: "Plan" });

const publicPlan = ({ sortOrder: _, ...plan }: PlanRow): z.output<typeof Plan> => plan;

const Counted = (what: string) => z.object({ used: z.number().int(), max: limit(what) });

const Usage = z
  .object({
    plan: Plan,
    period: z
      .object({ start: z.iso.date(), end: z.iso.date() })
      .meta({ description: "This usage month (UTC), end exclusive" }),
    products: Counted("Products"),
    platforms: Counted("Distinct platforms of connected channel accounts"),
    users: Counted("Members").extend({ pendingInvitations: z.number().int() }),
    publications: z.object({
      used: z.number().int(),
      included: limit("Included this month"),
      overage: z.number().int(),
      overageCentsPerPublication: z.number().int().nullable(),
      overageCostCents: z.number().int(),
      currency: z.string(),
    }),
    aiGenerations: Counted("AI generations this month"),
    ai: z
      .object({
        generations: z.number().int().meta({ description: "AI texts delivered (model or cache)" }),
        modelCalls: z.number().int(),
        cacheHits: z.number().int(),
        fallbacks: z.number().int().meta({ description: "Template-made generations" }),
        promptTokens: z.number().int(),
        completionTokens: z.number().int(),
        costMicros: z.number().int(),
        costUsd: z.number().meta({ description: "At the model's list price" }),
      })
      .meta({ description: "This month's AI ledger", id: "AiUsage" }),
  })
  .meta({ id: "Usage" });

export function planOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/plans",
      operationId: "listPlans",
      summary: "Every plan with its price, limits and features",
      tags: ["plans"],
      auth: "none",
      responses: {
        200: {
          description: "Plans, cheapest first",
          schema: z.object({ plans: z.array(Plan) }).meta({ id: "PlanList" }),
        },
      },
      handler: async () => ({ body: { plans: (await listPlans(db)).map(publicPlan) } }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/usage",
      operationId: "usage",
      summary: "The shop's plan and this month's use against each limit",
      tags: ["plans"],
      auth: "tenant",
      responses: { 200: { description: "Current use", schema: Usage } },
      handler: async ({ auth }) => {
        const usage = await usageOf(db, auth.tenantId);
        return { body: { ...usage, plan: publicPlan(usage.plan) } };
      },
    }),
  ];
}
