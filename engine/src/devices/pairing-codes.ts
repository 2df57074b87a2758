import { randomInt } from "node:crypto";
import { control, type Db } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { hashSecret, newSecret } from "../auth/secrets.ts";
import { HttpProblem } from "../http/problem.ts";
import { assertPairingAllowed, recordPairingFailure } from "./pairing-throttle.ts";

export const PAIRING_CODE_TTL_SECONDS = 10 * 60;
export const DEVICE_TOKEN_PREFIX = "sfd";
// No 0/O, 1/I: a seller types the code they read off the dashboard into the extension.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
const { pairingCodes, devices } = control;

/** What the seller typed, as stored: upper case, without the dash or spaces. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** A 10-minute, single-use code; only its hash is kept. Shown as `ABCD-EFGH`. */
export async function createPairingCode(
  db: Db,
  tenantId: number,
  createdBy: string,
): Promise<{ code: string; expiresAt: string }> {
  const raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(
    "",
  );
  const expiresAt = new Date(Date.now() + PAIRING_CODE_TTL_SECONDS * 1000);
  await db
    .insert(pairingCodes)
    .values({ tenantId, createdBy, codeHash: hashSecret(raw), expiresAt });
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt: expiresAt.toISOString() };
}

const refused = (slug: string, detail: string) =>
  new HttpProblem(400, slug, "Pairing refused", { detail });

/**
 * Trades a code for a device token bound to the code's shop. The code is spent by the same
 * UPDATE that checks it, so two extensions racing with one code cannot both pair.
 */
export async function redeemPairingCode(
  db: Db,
  input: { code: string; deviceName: string; clientIp: string },
): Promise<{ deviceId: string; tenantId: number; token: string }> {
  await assertPairingAllowed(db, input.clientIp);
  const codeHash = hashSecret(normalizeCode(input.code));
  const token = newSecret(DEVICE_TOKEN_PREFIX);
  const paired = await db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(pairingCodes)
      .where(eq(pairingCodes.codeHash, codeHash))
      .for("update");
    if (!found) return { failure: "unknown" as const };
    if (found.usedAt) return { failure: "used" as const };
    if (found.expiresAt.getTime() <= Date.now()) return { failure: "expired" as const };
    await tx.update(pairingCodes).set({ usedAt: new Date() }).where(eq(pairingCodes.id, found.id));
    const [device] = await tx
      .insert(devices)
      .values({ tenantId: found.tenantId, name: input.deviceName, tokenHash: token.hash })
      .returning({ id: devices.id });
    return { deviceId: (device as { id: string }).id, tenantId: found.tenantId };
  });
  if ("failure" in paired) {
    await recordPairingFailure(db, input.clientIp);
    if (paired.failure === "used") {
      throw refused("pairing-code-used", "This pairing code was already used; create a new one.");
    }
    if (paired.failure === "expired") {
      throw refused("pairing-code-expired", "This pairing code has expired; create a new one.");
    }
    throw refused(
      "pairing-code-invalid",
      "This pairing code is not valid; check it or create a new one.",
    );
  }
  return { ...paired, token: token.value };
}
