import { type Tx, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { ChannelError, type ChannelSession } from "../channels/channel.ts";
import type { EngineContext } from "../context.ts";

const { channelAccounts: accounts } = tenant;
type Ctx = Pick<EngineContext, "database" | "vault">;

const noSession = (message: string) =>
  new ChannelError(message, { kind: "account", reason: "session_expired" });

/**
 * The decrypted session of a channel account, for one marketplace call. Never log it or keep
 * it; a ChannelError "session_expired" when the account has none.
 */
export async function loadChannelSession(
  ctx: Ctx,
  tenantId: number,
  accountId: string,
  inTx?: Tx,
): Promise<ChannelSession> {
  const read = (tx: Tx) =>
    tx
      .select({ ciphertext: accounts.credentialsCiphertext, status: accounts.status })
      .from(accounts)
      .where(eq(accounts.id, accountId));
  const [row] = inTx ? await read(inTx) : await withTenant(ctx.database.db, tenantId, read);
  if (!row) throw noSession("This marketplace account no longer exists.");
  if (!row.ciphertext || row.status === "disconnected") {
    throw noSession("This marketplace account is disconnected; connect it again.");
  }
  // A vault failure (wrong master key) propagates as is: it is not the seller's to fix.
  const plaintext = await ctx.vault.decrypt(tenantId, row.ciphertext, inTx);
  return JSON.parse(plaintext.toString("utf8")) as ChannelSession;
}
