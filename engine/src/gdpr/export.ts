import { control, type Db, type Tx, withTenant } from "@stoflow/db";
import { asc, eq, sql } from "drizzle-orm";
import { exportedTenantTables } from "./tenant-tables.ts";

export const EXPORT_FORMAT = "stoflow-export";
export const EXPORT_VERSION = 1;
const PAGE_SIZE = 1000;

const { tenants, users, memberships, invitations, apiKeys, subscriptions, usageCounters } = control;

type Write = (chunk: string) => Promise<void>;

/** The shop's control-plane rows, without password hashes, token hashes or key hashes. */
async function controlPlane(tx: Tx, tenantId: number) {
  const [shop] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  const members = await tx
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      emailVerifiedAt: users.emailVerifiedAt,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      accountCreatedAt: users.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt));
  const invited = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: invitations.invitedBy,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(eq(invitations.tenantId, tenantId))
    .orderBy(asc(invitations.createdAt));
  const keys = await tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(asc(apiKeys.createdAt));
  const [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.tenantId, tenantId));
  const usage = await tx
    .select({
      period: usageCounters.period,
      metric: usageCounters.metric,
      value: usageCounters.value,
    })
    .from(usageCounters)
    .where(eq(usageCounters.tenantId, tenantId))
    .orderBy(asc(usageCounters.period), asc(usageCounters.metric));
  const promptTemplates = await tx
    .select()
    .from(control.aiPromptTemplates)
    .where(eq(control.aiPromptTemplates.tenantId, tenantId));
  return {
    tenant: shop ?? null,
    members,
    invitations: invited,
    apiKeys: keys,
    subscription: subscription ?? null,
    usage,
    promptTemplates,
  };
}

/**
 * Writes the shop's whole archive as one JSON document, table by table through a cursor, so
 * a large catalogue streams in constant memory. One transaction: one tenant, one view of it.
 */
export async function exportTenant(db: Db, tenantId: number, write: Write): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    const tables = await exportedTenantTables(tx, tenantId);
    const head = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date(),
      ...(await controlPlane(tx, tenantId)),
      omitted: tables.flatMap((t) => t.omitted.map((c) => `${t.key}.${c}`)),
    };
    // The head's closing brace gives way to the tables, streamed.
    await write(`${JSON.stringify(head).slice(0, -1)},"tables":{`);
    for (const [index, table] of tables.entries()) {
      await write(`${index ? "," : ""}${JSON.stringify(table.key)}:[`);
      await tx.execute(sql.raw(`DECLARE gdpr_export NO SCROLL CURSOR FOR ${table.query}`));
      for (let first = true; ; first = false) {
        const { rows } = await tx.execute<{ row: string }>(
          sql.raw(`FETCH ${PAGE_SIZE} FROM gdpr_export`),
        );
        if (rows.length === 0) break;
        await write((first ? "" : ",") + rows.map((r) => r.row).join(","));
      }
      await tx.execute(sql.raw("CLOSE gdpr_export"));
      await write("]");
    }
    await write("}}");
  });
}
