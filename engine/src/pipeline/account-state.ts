// What the pipeline does to a channel account when the marketplace refuses it: pause it with
// growing cool-downs, or ask the seller to reconnect. Both hold every job of the account.
import { type Tx, tenant } from "@stoflow/db";
import { and, eq, gt } from "drizzle-orm";

export async function pauseAccount(
  tx: Tx,
  accountId: string,
  until: Date,
  cooldownLevel: number,
  reason: string,
): Promise<void> {
  await tx
    .update(tenant.channelAccounts)
    .set({ status: "paused", statusReason: reason, pausedUntil: until, cooldownLevel })
    .where(eq(tenant.channelAccounts.id, accountId));
}

export async function markReconnectNeeded(
  tx: Tx,
  accountId: string,
  reason: string,
): Promise<void> {
  await tx
    .update(tenant.channelAccounts)
    .set({ status: "reconnect_needed", statusReason: reason })
    .where(eq(tenant.channelAccounts.id, accountId));
}

/** An action went through: the next 403 starts the cool-down ladder from the bottom again. */
export async function resetCooldown(tx: Tx, accountId: string): Promise<void> {
  await tx
    .update(tenant.channelAccounts)
    .set({ cooldownLevel: 0 })
    .where(
      and(eq(tenant.channelAccounts.id, accountId), gt(tenant.channelAccounts.cooldownLevel, 0)),
    );
}

export async function cooldownLevelOf(tx: Tx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ level: tenant.channelAccounts.cooldownLevel })
    .from(tenant.channelAccounts)
    .where(eq(tenant.channelAccounts.id, accountId));
  return row?.level ?? 0;
}
