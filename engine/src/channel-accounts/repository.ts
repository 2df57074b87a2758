import { type Db, tenant, withTenant } from "@stoflow/db";
import { desc, eq, sql } from "drizzle-orm";
import type { ChannelAccount } from "./output.ts";

const { channelAccounts: accounts } = tenant;

// The columns the API may show: credentials_ciphertext is read as a flag, never as bytes.
export const accountColumns = {
  id: accounts.id,
  platform: accounts.platform,
  domain: accounts.domain,
  externalUserId: accounts.externalUserId,
  username: accounts.username,
  status: accounts.status,
  statusReason: accounts.statusReason,
  pausedUntil: accounts.pausedUntil,
  pacingMaxActions: accounts.pacingMaxActions,
  pacingWindowSeconds: accounts.pacingWindowSeconds,
  relayMode: accounts.relayMode,
  relaySince: accounts.relaySince,
  relayReason: accounts.relayReason,
  hasSession: sql<boolean>`${accounts.credentialsCiphertext} IS NOT NULL`,
  lastSeenAt: accounts.lastSeenAt,
  createdAt: accounts.createdAt,
};
type Row = {
  id: string;
  platform: string;
  domain: string | null;
  externalUserId: string | null;
  username: string | null;
  status: string;
  statusReason: string | null;
  pausedUntil: Date | null;
  pacingMaxActions: number;
  pacingWindowSeconds: number;
  relayMode: boolean;
  relaySince: Date | null;
  relayReason: string | null;
  hasSession: boolean;
  lastSeenAt: Date | null;
  createdAt: Date;
};

/** Field by field, so nothing else of the row (the ciphertext above all) can slip through. */
export function toChannelAccount(row: Row): ChannelAccount {
  return {
    id: row.id,
    platform: row.platform,
    domain: row.domain,
    externalUserId: row.externalUserId,
    username: row.username,
    status: row.status as ChannelAccount["status"],
    statusReason: row.statusReason,
    pausedUntil: row.pausedUntil?.toISOString() ?? null,
    pacingMaxActions: row.pacingMaxActions,
    pacingWindowSeconds: row.pacingWindowSeconds,
    relayMode: row.relayMode,
    relaySince: row.relaySince?.toISOString() ?? null,
    relayReason: row.relayReason,
    hasSession: row.hasSession,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listChannelAccounts(db: Db, tenantId: number): Promise<ChannelAccount[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.select(accountColumns).from(accounts).orderBy(accounts.platform, desc(accounts.createdAt)),
  );
  return rows.map(toChannelAccount);
}

export async function updatePacing(
  db: Db,
  tenantId: number,
  id: string,
  pacing: { pacingMaxActions?: number; pacingWindowSeconds?: number },
): Promise<ChannelAccount | undefined> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    Object.keys(pacing).length === 0
      ? tx.select(accountColumns).from(accounts).where(eq(accounts.id, id))
      : tx.update(accounts).set(pacing).where(eq(accounts.id, id)).returning(accountColumns),
  );
  return row && toChannelAccount(row);
}

/** Wipes the credentials; the row stays, so listings and their history keep their account. */
export async function disconnectChannelAccount(
  db: Db,
  tenantId: number,
  id: string,
): Promise<boolean> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .update(accounts)
      .set({
        status: "disconnected",
        statusReason: "Disconnected by the seller.",
        credentialsCiphertext: null,
      })
      .where(eq(accounts.id, id))
      .returning({ id: accounts.id }),
  );
  return rows.length > 0;
}
