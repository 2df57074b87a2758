import { control, type Db } from "@stoflow/db";
import { eq } from "drizzle-orm";

export type Plan = typeof control.plans.$inferSelect;

/** The tenant's current plan, read from the plans table (the one place plan values live). */
export async function planOf(db: Db, tenantId: number): Promise<Plan> {
  const [row] = await db
    .select({ plan: control.plans })
    .from(control.subscriptions)
    .innerJoin(control.plans, eq(control.plans.code, control.subscriptions.planCode))
    .where(eq(control.subscriptions.tenantId, tenantId));
  if (row) return row.plan;
  // A tenant created outside sign-up (CLI) has no subscription: it gets the first plan.
  const [first] = await db.select().from(control.plans).orderBy(control.plans.sortOrder).limit(1);
  if (!first) throw new Error("The plans table is empty; run the migrations.");
  return first;
}

/** Names the cheapest plan that lifts a limit, for the 402 message. */
export async function upgradeFor(
  db: Db,
  satisfies: (plan: Plan) => boolean,
): Promise<Plan | undefined> {
  const plans = await db.select().from(control.plans).orderBy(control.plans.sortOrder);
  return plans.find(satisfies);
}

/** Every plan, cheapest first, as offered. */
export function listPlans(db: Db): Promise<Plan[]> {
  return db.select().from(control.plans).orderBy(control.plans.sortOrder);
}
