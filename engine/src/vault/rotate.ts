import { control, type Db } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import { seal } from "./envelope.ts";
import { masterKeyId } from "./master-key.ts";
import { unwrapDataKey, wrapContext } from "./vault.ts";

const { tenantKeys } = control;

export interface RotationResult {
  rewrapped: number;
  fromKeyId: string;
  toKeyId: string;
}

/**
 * Re-wraps every tenant's data key under `newKey`, in one transaction: either every key
 * moves or none does. Credential ciphertexts are not read or written; they stay valid
 * because the data keys themselves do not change.
 */
export async function rotateMasterKey(
  db: Db,
  oldKey: Buffer,
  newKey: Buffer,
): Promise<RotationResult> {
  const fromKeyId = masterKeyId(oldKey);
  const toKeyId = masterKeyId(newKey);
  if (fromKeyId === toKeyId) throw new Error("The new master key is the current one.");
  const rewrapped = await db.transaction(async (tx) => {
    // Locks every row: an engine creating a data key meanwhile waits, then sees the new id.
    await tx.execute(sql`LOCK TABLE public.tenant_keys IN SHARE ROW EXCLUSIVE MODE`);
    const rows = await tx.select().from(tenantKeys).orderBy(tenantKeys.tenantId);
    for (const row of rows) {
      // Throws MasterKeyMismatchError (rolling everything back) if the old key is wrong.
      const dataKey = unwrapDataKey(oldKey, row.tenantId, row);
      await tx
        .update(tenantKeys)
        .set({
          wrappedKey: seal(newKey, dataKey, wrapContext(row.tenantId)),
          masterKeyId: toKeyId,
          rotatedAt: new Date(),
        })
        .where(eq(tenantKeys.tenantId, row.tenantId));
    }
    return rows.length;
  });
  return { rewrapped, fromKeyId, toKeyId };
}
