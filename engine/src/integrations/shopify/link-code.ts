// Linking an installed shop to an existing Stoflow account: the seller creates a pairing code
// in the dashboard (the same codes the browser extension uses) and types it in the app. The
// code is spent by the statement that checks it; wrong codes count toward the pairing
// throttle, keyed by the shop since every shop reaches the engine from the app's address.
import { control } from "@stoflow/db";
import { and, asc, eq } from "drizzle-orm";
import { hashSecret } from "../../auth/secrets.ts";
import type { EngineContext } from "../../context.ts";
import { normalizeCode } from "../../devices/pairing-codes.ts";
import { assertPairingAllowed, recordPairingFailure } from "../../devices/pairing-throttle.ts";
import { HttpProblem } from "../../http/problem.ts";

const { pairingCodes, memberships } = control;

const refused = (slug: string, detail: string) =>
  new HttpProblem(400, slug, "Link refused", { detail });

/** The tenant behind a valid, unused code (now spent) and the owner the app will act as. */
export async function spendLinkCode(
  ctx: EngineContext,
  shop: string,
  code: string,
): Promise<{ tenantId: number; ownerId: string }> {
  const { db } = ctx.database;
  const throttleKey = `shopify-app:${shop}`;
  await assertPairingAllowed(db, throttleKey);
  const codeHash = hashSecret(normalizeCode(code));
  const spent = await db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(pairingCodes)
      .where(eq(pairingCodes.codeHash, codeHash))
      .for("update");
    if (!found || found.usedAt || found.expiresAt.getTime() <= Date.now()) return null;
    await tx.update(pairingCodes).set({ usedAt: new Date() }).where(eq(pairingCodes.id, found.id));
    return found.tenantId;
  });
  if (spent === null) {
    await recordPairingFailure(db, throttleKey);
    throw refused(
      "link-code-invalid",
      "This code is not valid, was used or has expired; create a new one in Stoflow.",
    );
  }
  const [owner] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, spent), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!owner) throw refused("link-no-owner", "That Stoflow shop has no owner account.");
  return { tenantId: spent, ownerId: owner.userId };
}
