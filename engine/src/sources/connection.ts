// A stored source as a provider needs it: the row, its shop facts, and the credentials
// decrypted from the vault for the call only (never logged, never returned by the API).
import { type Db, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { Vault } from "../vault/vault.ts";
import type { SourceConnection, SourceKind } from "./source.ts";

export type SourceRow = typeof tenant.catalogSources.$inferSelect;

export interface LoadedSource {
  row: SourceRow;
  conn: SourceConnection;
}

export class SourceNotFound extends Error {
  constructor() {
    super("This catalog source does not exist.");
    this.name = "SourceNotFound";
  }
}

export async function readSource(
  db: Db,
  tenantId: number,
  sourceId: string,
): Promise<{ row: SourceRow; currency: string } | undefined> {
  const [found] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ row: tenant.catalogSources, currency: tenant.sourceStates.currency })
      .from(tenant.catalogSources)
      .leftJoin(tenant.sourceStates, eq(tenant.sourceStates.sourceId, tenant.catalogSources.id))
      .where(eq(tenant.catalogSources.id, sourceId)),
  );
  return found ? { row: found.row, currency: found.currency ?? "EUR" } : undefined;
}

/** The source and its decrypted connection; SourceNotFound when it is gone. */
export async function loadSource(
  deps: { db: Db; vault: Vault },
  tenantId: number,
  sourceId: string,
): Promise<LoadedSource> {
  const found = await readSource(deps.db, tenantId, sourceId);
  if (!found) throw new SourceNotFound();
  const { row, currency } = found;
  const credentials = row.credentialsCiphertext
    ? (JSON.parse(
        (await deps.vault.decrypt(tenantId, row.credentialsCiphertext)).toString("utf8"),
      ) as Record<string, string>)
    : {};
  return {
    row,
    conn: {
      tenantId,
      sourceId,
      kind: row.kind as SourceKind,
      baseUrl: row.baseUrl,
      credentials,
      currency,
    },
  };
}
