import { randomBytes } from "node:crypto";
import { control, type Db, type Tx } from "@stoflow/db";
import { desc, eq, ne } from "drizzle-orm";
import { EnvelopeError, KEY_BYTES, open, seal } from "./envelope.ts";
import { masterKeyId } from "./master-key.ts";

const { tenantKeys } = control;
const CACHE_SIZE = 1_000;

/** What wraps a tenant's data key, and what a credential is encrypted under. */
export const wrapContext = (tenantId: number) => `stoflow:tenant-key:${tenantId}`;
const dataContext = (tenantId: number) => `stoflow:tenant-data:${tenantId}`;

/** The master key cannot open what the database holds: refuse to go on, say why. */
export class MasterKeyMismatchError extends Error {
  readonly kind = "master_key_mismatch";
  constructor(tenantId: number, storedKeyId: string, currentKeyId: string) {
    super(
      `The master key does not match the one that encrypted tenant ${tenantId}'s data ` +
        `(data key wrapped by master key ${storedKeyId}, this engine has ${currentKeyId}). ` +
        "Set STOFLOW_MASTER_KEY to the key the data was encrypted with; if it was rotated, " +
        "use the new key.",
    );
    this.name = "MasterKeyMismatchError";
  }
}

export interface Vault {
  /**
   * A versioned AES-256-GCM blob under the tenant's data key (created on first use). `reader`:
   * a transaction the caller holds, to read an uncached key in (no second pooled connection).
   */
  encrypt(tenantId: number, plaintext: Buffer | string, reader?: Db | Tx): Promise<Buffer>;
  /** The plaintext; throws rather than return bytes that did not authenticate. */
  decrypt(tenantId: number, ciphertext: Buffer, reader?: Db | Tx): Promise<Buffer>;
  /** Forgets cached data keys (after a rotation, or in tests). */
  clearCache(): void;
  /** At start-up: refuse to run with a master key that cannot open the stored data keys. */
  assertMasterKey(): Promise<void>;
}

export function unwrapDataKey(
  masterKey: Buffer,
  tenantId: number,
  row: { wrappedKey: Buffer; masterKeyId: string },
): Buffer {
  try {
    return open(masterKey, row.wrappedKey, wrapContext(tenantId));
  } catch (error) {
    if (error instanceof EnvelopeError && error.reason === "authentication") {
      throw new MasterKeyMismatchError(tenantId, row.masterKeyId, masterKeyId(masterKey));
    }
    throw error;
  }
}

/**
 * Envelope encryption: each tenant has a random data key, stored only wrapped by the master
 * key in `tenant_keys`. Rotating the master key re-wraps data keys; ciphertexts never change.
 */
export function createVault(db: Db, masterKey: Buffer): Vault {
  if (masterKey.length !== KEY_BYTES) throw new RangeError("The master key has 32 bytes.");
  const keyId = masterKeyId(masterKey);
  const cache = new Map<number, Buffer>(); // insertion order: oldest first

  async function dataKey(tenantId: number, reader: Db | Tx = db): Promise<Buffer> {
    const cached = cache.get(tenantId);
    if (cached) {
      cache.delete(tenantId); // move to the young end
      cache.set(tenantId, cached);
      return cached;
    }
    let [row] = await reader
      .select({ wrappedKey: tenantKeys.wrappedKey, masterKeyId: tenantKeys.masterKeyId })
      .from(tenantKeys)
      .where(eq(tenantKeys.tenantId, tenantId));
    if (!row) {
      // Two processes may race to create it: the first insert wins, both read the winner.
      // Committed on its own (never in the reader's transaction, which may roll back after
      // the key is cached and used).
      await db
        .insert(tenantKeys)
        .values({
          tenantId,
          wrappedKey: seal(masterKey, randomBytes(KEY_BYTES), wrapContext(tenantId)),
          masterKeyId: keyId,
        })
        .onConflictDoNothing();
      [row] = await reader
        .select({ wrappedKey: tenantKeys.wrappedKey, masterKeyId: tenantKeys.masterKeyId })
        .from(tenantKeys)
        .where(eq(tenantKeys.tenantId, tenantId));
      if (!row) throw new Error(`Tenant ${tenantId} does not exist.`);
    }
    const key = unwrapDataKey(masterKey, tenantId, row);
    cache.set(tenantId, key);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    return key;
  }

  return {
    async encrypt(tenantId, plaintext, reader) {
      const bytes = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
      return seal(await dataKey(tenantId, reader), bytes, dataContext(tenantId));
    },
    async decrypt(tenantId, ciphertext, reader) {
      const key = await dataKey(tenantId, reader);
      try {
        return open(key, ciphertext, dataContext(tenantId));
      } catch (error) {
        if (error instanceof EnvelopeError && error.reason === "authentication") {
          throw new EnvelopeError(
            "authentication",
            `A credential of tenant ${tenantId} does not authenticate under its data key ` +
              "(altered, or copied from another tenant).",
          );
        }
        throw error;
      }
    },
    clearCache() {
      cache.clear();
    },
    async assertMasterKey() {
      // A key wrapped by another master key first, if any; else any key, to try it.
      const [row] = await db
        .select()
        .from(tenantKeys)
        .orderBy(desc(ne(tenantKeys.masterKeyId, keyId)))
        .limit(1);
      if (row) unwrapDataKey(masterKey, row.tenantId, row);
    },
  };
}
