import type { Db } from "@stoflow/db";
import { problems } from "../http/problem.ts";
import { type Plan, planOf, upgradeFor } from "./plan.ts";

export type CountedLimit = "products" | "platforms" | "users";

const LIMIT_FIELD: Record<CountedLimit, "maxProducts" | "maxPlatforms" | "maxUsers"> = {
  products: "maxProducts",
  platforms: "maxPlatforms",
  users: "maxUsers",
};

/**
 * Throws 402 when `current + adding` would exceed the plan's limit; the problem names the
 * limit, the plan and the cheapest plan that lifts it.
 */
export async function assertWithinLimit(
  db: Db,
  tenantId: number,
  limit: CountedLimit,
  current: number,
  adding = 1,
): Promise<Plan> {
  const plan = await planOf(db, tenantId);
  const max = plan[LIMIT_FIELD[limit]];
  if (max === null || current + adding <= max) return plan;
  const next = await upgradeFor(db, (p) => {
    const m = p[LIMIT_FIELD[limit]];
    return m === null || m >= current + adding;
  });
  throw problems.planLimit(
    limit,
    `Your ${plan.name} plan allows ${max} ${limit}; you have ${current}.` +
      (next ? ` Upgrade to ${next.name} to lift this limit.` : ""),
    { plan: plan.code, max, current, upgradeTo: next?.code ?? null },
  );
}

/** Throws 402 when the plan lacks a feature (AI descriptions, API access). */
export async function assertFeature(
  db: Db,
  tenantId: number,
  feature: "aiDescriptions" | "apiAccess",
  label: string,
): Promise<Plan> {
  const plan = await planOf(db, tenantId);
  if (plan[feature]) return plan;
  const next = await upgradeFor(db, (p) => p[feature]);
  throw problems.planLimit(
    feature,
    `${label} is not included in the ${plan.name} plan.` +
      (next ? ` Upgrade to ${next.name} to use it.` : ""),
    { plan: plan.code, upgradeTo: next?.code ?? null },
  );
}
