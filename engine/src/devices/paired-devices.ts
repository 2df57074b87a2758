// The shop side of paired extensions: the browsers that can act for the shop, and revoking
// one (a lost laptop). Devices live in the control plane, so every query names the tenant.
import { control, type Db } from "@stoflow/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { isLiveDevice } from "../relay/mode.ts";

const { devices } = control;

export interface PairedDevice {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  live: boolean;
}

const columns = {
  id: devices.id,
  name: devices.name,
  createdAt: devices.createdAt,
  lastSeenAt: devices.lastSeenAt,
  revokedAt: devices.revokedAt,
};

type Row = Pick<typeof devices.$inferSelect, keyof typeof columns>;

function toPairedDevice(row: Row, now: Date): PairedDevice {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    live: isLiveDevice(row, now),
  };
}

/** The shop's devices, newest first, without their token hashes. */
export async function listPairedDevices(
  db: Db,
  tenantId: number,
  now = new Date(),
): Promise<PairedDevice[]> {
  const rows = await db
    .select(columns)
    .from(devices)
    .where(eq(devices.tenantId, tenantId))
    .orderBy(desc(devices.createdAt), desc(devices.id));
  return rows.map((row) => toPairedDevice(row, now));
}

/**
 * Revokes one device of the shop: its token is refused from now on. "missing" when the shop
 * has no such device; "already" when it was revoked before (the caller answers 204 anyway).
 */
export async function revokePairedDevice(
  db: Db,
  tenantId: number,
  id: string,
): Promise<"revoked" | "already" | "missing"> {
  const revoked = await db
    .update(devices)
    .set({ revokedAt: new Date() })
    .where(and(eq(devices.id, id), eq(devices.tenantId, tenantId), isNull(devices.revokedAt)))
    .returning({ id: devices.id });
  if (revoked.length > 0) return "revoked";
  const [existing] = await db
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.id, id), eq(devices.tenantId, tenantId)));
  return existing ? "already" : "missing";
}
