import { control, type Db } from "@stoflow/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { API_KEY_PREFIX } from "../auth/authenticate.ts";
import { newSecret } from "../auth/secrets.ts";
import { problems } from "../http/problem.ts";
import { assertFeature } from "../plans/limits.ts";

const { apiKeys } = control;

// Enough of the key to recognise it in a list ("sfk_AbCdEfGh"), far too little to use it.
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 1 + 8;

const listed = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

/** A new key for the shop; the full key is in this answer only, the table keeps its hash. */
export async function createApiKey(
  db: Db,
  input: { tenantId: number; name: string; createdBy: string },
) {
  await assertFeature(db, input.tenantId, "apiAccess", "API access");
  const secret = newSecret(API_KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({
      tenantId: input.tenantId,
      name: input.name,
      prefix: secret.value.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: secret.hash,
      createdBy: input.createdBy,
    })
    .returning(listed);
  return { ...(row as NonNullable<typeof row>), key: secret.value };
}

/** The shop's active keys, never their hashes. */
export function listApiKeys(db: Db, tenantId: number) {
  return db
    .select(listed)
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revoked keys stop authenticating at once; the row stays for the record. */
export async function revokeApiKey(db: Db, tenantId: number, id: string): Promise<void> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw problems.notFound("API key");
}
