import { control, type Db } from "@stoflow/db";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Request } from "express";
import { hashSecret } from "../auth/secrets.ts";
import { problems } from "../http/problem.ts";
import { DEVICE_TOKEN_PREFIX } from "./pairing-codes.ts";

const { devices } = control;

import type { DeviceAuth } from "../http/operation.ts";

export type { DeviceAuth };

/**
 * `Authorization: Bearer sfd_...` for the few device operations. Access tokens and API keys
 * are refused here, and device tokens are refused everywhere else (they are not JWTs or keys).
 */
export async function authenticateDevice(req: Request, db: Db): Promise<DeviceAuth> {
  const match = req.get("authorization")?.match(/^Bearer (sfd_[A-Za-z0-9_-]{20,100})$/);
  if (!match?.[1]) {
    throw problems.unauthorized(
      `This operation takes a device token (${DEVICE_TOKEN_PREFIX}_...) from pairing.`,
    );
  }
  const [device] = await db
    .select({ id: devices.id, tenantId: devices.tenantId })
    .from(devices)
    .where(and(eq(devices.tokenHash, hashSecret(match[1])), isNull(devices.revokedAt)));
  if (!device) throw problems.unauthorized("This device is not paired (or was unpaired).");
  // Written at most once a minute, not on every request.
  await db
    .update(devices)
    .set({ lastSeenAt: new Date() })
    .where(
      and(
        eq(devices.id, device.id),
        or(isNull(devices.lastSeenAt), lt(devices.lastSeenAt, new Date(Date.now() - 60_000))),
      ),
    );
  return { kind: "device", deviceId: device.id, tenantId: device.tenantId };
}

export async function revokeDevice(db: Db, deviceId: string): Promise<void> {
  await db
    .update(devices)
    .set({ revokedAt: new Date() })
    .where(and(eq(devices.id, deviceId), isNull(devices.revokedAt)));
}
