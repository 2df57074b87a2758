// Relay mode on or off for one channel account (owners and admins, from the dashboard; the
// pipeline may turn it on by itself when Vinted blocks the server, with `enableRelay`).
import { control, type Db, type Tx, tenant, withTenant } from "@stoflow/db";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { ChannelAccount } from "../channel-accounts/output.ts";
import { accountColumns, toChannelAccount } from "../channel-accounts/repository.ts";

const { channelAccounts: accounts } = tenant;

/**
 * Turning relay on lifts the server-side pause: that pause was Vinted blocking the engine's
 * address, which the seller's browser does not share. Pacing still applies to the relay.
 * `reason` is Vinted's refusal when the engine turns relay on itself; null when the seller does.
 */
function relayChanges(enabled: boolean, reason: string | null = null) {
  return enabled
    ? {
        relayMode: true,
        relaySince: sql`CASE WHEN ${accounts.relayMode} THEN ${accounts.relaySince} ELSE now() END`,
        relayReason: sql`CASE WHEN ${accounts.relayMode} THEN ${accounts.relayReason} ELSE ${reason}::text END`,
        status: sql`CASE WHEN ${accounts.status} = 'paused' THEN 'connected' ELSE ${accounts.status} END`,
        statusReason: sql`CASE WHEN ${accounts.status} = 'paused' THEN NULL ELSE ${accounts.statusReason} END`,
        pausedUntil: null,
      }
    : { relayMode: false, relaySince: null, relayReason: null };
}

const isVinted = (accountId: string) =>
  and(eq(accounts.id, accountId), eq(accounts.platform, "vinted"));

/** In the caller's tenant transaction, e.g. the pipeline's when a 403 blocks the server. */
export async function enableRelay(tx: Tx, accountId: string, reason: string): Promise<void> {
  await tx.update(accounts).set(relayChanges(true, reason)).where(isVinted(accountId));
}

export async function setRelayMode(
  db: Db,
  tenantId: number,
  accountId: string,
  enabled: boolean,
): Promise<ChannelAccount | undefined> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .update(accounts)
      .set(relayChanges(enabled))
      .where(isVinted(accountId))
      .returning(accountColumns),
  );
  return row && toChannelAccount(row);
}

/** An extension counts as live when it called the engine within this long. */
export const LIVE_DEVICE_MS = 24 * 3600_000;

/** The rule `relayOnBlock` applies, for one device: not revoked and seen within a day. */
export function isLiveDevice(
  device: { lastSeenAt: Date | null; revokedAt: Date | null },
  now: Date,
): boolean {
  return (
    !device.revokedAt &&
    device.lastSeenAt !== null &&
    device.lastSeenAt.getTime() > now.getTime() - LIVE_DEVICE_MS
  );
}

/**
 * When Vinted blocks the server (403) and the shop has a live paired extension, the account
 * switches to relay mode in the pipeline's transaction: its actions go through the seller's
 * browser instead of waiting out the cool-down. True when it switched.
 */
export async function relayOnBlock(
  tx: Tx,
  tenantId: number,
  accountId: string,
  now: Date,
  reason: string,
): Promise<boolean> {
  const [device] = await tx
    .select({ id: control.devices.id })
    .from(control.devices)
    .where(
      and(
        eq(control.devices.tenantId, tenantId),
        isNull(control.devices.revokedAt),
        gt(control.devices.lastSeenAt, new Date(now.getTime() - LIVE_DEVICE_MS)),
      ),
    )
    .limit(1);
  if (!device) return false;
  await enableRelay(tx, accountId, reason);
  return true;
}
