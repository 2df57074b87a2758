// What the extension's popup shows of the Stoflow side: the shop, this device, and the
// accounts it relays for with how many actions wait.
import { control, type Db, tenant, withTenant } from "@stoflow/db";
import { and, eq } from "drizzle-orm";
import { pendingRelayJobs } from "./pending.ts";

export interface RelayStatus {
  shop: { name: string };
  device: { name: string };
  accounts: { id: string; domain: string | null; username: string | null; pending: number }[];
}

export async function relayStatus(
  db: Db,
  device: { tenantId: number; deviceId: string },
): Promise<RelayStatus> {
  const [shop] = await db
    .select({ name: control.tenants.name })
    .from(control.tenants)
    .where(eq(control.tenants.id, device.tenantId));
  const [self] = await db
    .select({ name: control.devices.name })
    .from(control.devices)
    .where(eq(control.devices.id, device.deviceId));
  const accounts = await withTenant(db, device.tenantId, async (tx) => {
    const rows = await tx
      .select({
        id: tenant.channelAccounts.id,
        domain: tenant.channelAccounts.domain,
        username: tenant.channelAccounts.username,
      })
      .from(tenant.channelAccounts)
      .where(
        and(
          eq(tenant.channelAccounts.relayMode, true),
          eq(tenant.channelAccounts.platform, "vinted"),
        ),
      );
    const jobs = await pendingRelayJobs(tx, device.tenantId, 1000);
    return rows.map((row) => ({
      ...row,
      pending: new Set(jobs.filter((j) => j.accountId === row.id).map((j) => j.listingId)).size,
    }));
  });
  return { shop: { name: shop?.name ?? "" }, device: { name: self?.name ?? "" }, accounts };
}
