import { type Db, tenant, withTenant } from "@stoflow/db";
import { and, desc, eq, sql } from "drizzle-orm";
import type { ChannelSession } from "../channels/channel.ts";
import type { Vault } from "../vault/vault.ts";
import type { ChannelAccount } from "./output.ts";
import { accountColumns, toChannelAccount } from "./repository.ts";

const { channelAccounts: accounts } = tenant;

export interface VintedSessionUpload extends ChannelSession {
  userId: string;
  username: string;
}

/**
 * Stores a session the extension captured: one account per (domain, Vinted user), its
 * session encrypted by the vault. A fresh session lifts "reconnect needed", but not a pause
 * still running: a 403 cool-down is about the account, not its cookies.
 */
export async function saveVintedSession(
  db: Db,
  vault: Vault,
  tenantId: number,
  upload: VintedSessionUpload,
): Promise<ChannelAccount> {
  const session: ChannelSession = {
    domain: upload.domain,
    cookies: upload.cookies,
    csrfToken: upload.csrfToken,
    userAgent: upload.userAgent,
    ...(upload.acceptLanguage ? { acceptLanguage: upload.acceptLanguage } : {}),
    userId: upload.userId,
    username: upload.username,
  };
  // Encrypted before the tenant transaction: the vault reads the control plane.
  const ciphertext = await vault.encrypt(tenantId, JSON.stringify(session));
  const stillPaused = sql`${accounts.status} = 'paused' AND ${accounts.pausedUntil} > now()`;
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(accounts)
      .values({
        platform: "vinted",
        domain: upload.domain,
        externalUserId: upload.userId,
        username: upload.username,
        status: "connected",
        credentialsCiphertext: ciphertext,
        lastSeenAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [accounts.platform, accounts.domain, accounts.externalUserId],
        set: {
          username: upload.username,
          credentialsCiphertext: ciphertext,
          lastSeenAt: new Date(),
          status: sql`CASE WHEN ${stillPaused} THEN 'paused' ELSE 'connected' END`,
          statusReason: sql`CASE WHEN ${stillPaused} THEN ${accounts.statusReason} END`,
        },
      })
      .returning(accountColumns),
  );
  if (!row) throw new Error("The channel account upsert returned nothing.");
  return toChannelAccount(row);
}

export interface VintedSessionStatus {
  connected: boolean;
  username: string | null;
  domain: string | null;
  lastSyncAt: string | null;
  status: ChannelAccount["status"] | null;
}

/** For the extension's badge: the shop's most recently synced Vinted account (on `domain`). */
export async function vintedSessionStatus(
  db: Db,
  tenantId: number,
  domain?: string,
): Promise<VintedSessionStatus> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({
        username: accounts.username,
        domain: accounts.domain,
        status: accounts.status,
        lastSeenAt: accounts.lastSeenAt,
        hasSession: sql<boolean>`${accounts.credentialsCiphertext} IS NOT NULL`,
      })
      .from(accounts)
      .where(and(eq(accounts.platform, "vinted"), domain ? eq(accounts.domain, domain) : undefined))
      .orderBy(sql`${accounts.lastSeenAt} DESC NULLS LAST`, desc(accounts.createdAt))
      .limit(1),
  );
  if (!row)
    return { connected: false, username: null, domain: null, lastSyncAt: null, status: null };
  return {
    connected: row.status === "connected" && row.hasSession,
    username: row.username,
    domain: row.domain,
    lastSyncAt: row.lastSeenAt?.toISOString() ?? null,
    status: row.status as ChannelAccount["status"],
  };
}
